import {
  DatabaseService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import { DatabaseTarget } from '../databases';

/** A logger that prints warnings and errors (a failed fact insert is only logged by Tech Insights). */
export function benchLogger(
  name: string,
  problems: string[] = [],
): LoggerService {
  const print = (level: string) => (message: string, meta?: unknown) => {
    const line = `[${name}] ${level}: ${message}${
      meta
        ? ` ${meta instanceof Error ? meta.stack : JSON.stringify(meta)}`
        : ''
    }`;
    problems.push(line);
    process.stderr.write(`${line}\n`);
  };
  const logger: LoggerService = {
    error: print('error'),
    warn: print('warn'),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

const lifecycle: LifecycleService = {
  addStartupHook: () => {},
  addShutdownHook: () => {},
};

/**
 * The database service each plugin gets in a backend on `target` (Backstage's DatabaseManager
 * with the same `backend.database` config): one SQLite file or PostgreSQL database per plugin.
 */
export function pluginDatabase(
  target: DatabaseTarget,
  pluginId: string,
  logger: LoggerService,
): DatabaseService {
  return DatabaseManager.fromConfig(
    new ConfigReader({ backend: { database: target.config } }),
  ).forPlugin(pluginId, { logger, lifecycle });
}
