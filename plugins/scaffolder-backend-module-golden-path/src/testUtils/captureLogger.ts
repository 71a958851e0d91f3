import type { LoggerService } from '@backstage/backend-plugin-api';

/** A real LoggerService that keeps every line (message and metadata) for inspection. */
export function captureLogger(): { logger: LoggerService; text: () => string } {
  const lines: string[] = [];
  const make = (fields: object): LoggerService => {
    const log = (level: string) => (message: string, meta?: Error | object) => {
      lines.push(
        `${level} ${message} ${JSON.stringify({ ...fields, ...meta })}`,
      );
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => make({ ...fields, ...meta }),
    };
  };
  return { logger: make({}), text: () => lines.join('\n') };
}
