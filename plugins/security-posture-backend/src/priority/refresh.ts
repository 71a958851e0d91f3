import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEpss, parseKev } from './ExploitIntel';
import { ExploitSignals } from './ExploitSignals';

const MAX_BYTES = 64 * 1024 * 1024;

async function download(url: string, signal?: AbortSignal): Promise<Buffer> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_BYTES) {
    throw new Error(`${url} is larger than ${MAX_BYTES} bytes`);
  }
  return body;
}

/**
 * Downloads fresh KEV and EPSS data and writes what downloaded to the database in one
 * transaction that bumps the version stamp, so every replica ranks with it from its next ingest.
 * A source that fails keeps the rows it has (the shipped seed or the last good download); the
 * failure is logged. When no source downloads, nothing is written.
 */
export async function refreshExploitSignals(options: {
  signals: ExploitSignals;
  kevUrl?: string;
  epssUrl?: string;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<{ kev?: number; epss?: number; version?: number }> {
  const { signals, logger } = options;
  const update: { kev?: Set<string>; epss?: Map<string, number> } = {};
  if (options.kevUrl) {
    try {
      update.kev = parseKev(
        (await download(options.kevUrl, options.signal)).toString('utf8'),
        options.kevUrl,
      );
    } catch (error) {
      logger.warn(
        `security-posture: KEV refresh failed, keeping the current data: ${error}`,
      );
    }
  }
  if (options.epssUrl) {
    try {
      update.epss = parseEpss(
        await download(options.epssUrl, options.signal),
        options.epssUrl,
      );
    } catch (error) {
      logger.warn(
        `security-posture: EPSS refresh failed, keeping the current data: ${error}`,
      );
    }
  }
  if (!update.kev && !update.epss) return {};
  const stamp = await signals.write(update);
  logger.info(
    `security-posture: exploitation data version ${stamp.version}: ${stamp.kevCount} KEV and ${stamp.epssCount} EPSS entries`,
  );
  return {
    ...(update.kev ? { kev: update.kev.size } : {}),
    ...(update.epss ? { epss: update.epss.size } : {}),
    version: stamp.version,
  };
}
