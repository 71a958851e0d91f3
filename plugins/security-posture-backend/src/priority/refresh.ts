import { LoggerService } from '@backstage/backend-plugin-api';
import { ExploitIntel, parseEpss, parseKev } from './ExploitIntel';

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
 * Downloads fresh KEV and EPSS data and swaps them in. A source that fails keeps the data the
 * instance has (the shipped seed or the last good download); the failure is logged.
 */
export async function refreshExploitIntel(options: {
  intel: ExploitIntel;
  kevUrl?: string;
  epssUrl?: string;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<{ kev?: number; epss?: number }> {
  const { intel, logger } = options;
  const out: { kev?: number; epss?: number } = {};
  if (options.kevUrl) {
    try {
      const kev = parseKev(
        (await download(options.kevUrl, options.signal)).toString('utf8'),
        options.kevUrl,
      );
      intel.replace({ kev });
      out.kev = kev.size;
    } catch (error) {
      logger.warn(
        `security-posture: KEV refresh failed, keeping the current data: ${error}`,
      );
    }
  }
  if (options.epssUrl) {
    try {
      const epss = parseEpss(
        await download(options.epssUrl, options.signal),
        options.epssUrl,
      );
      intel.replace({ epss });
      out.epss = epss.size;
    } catch (error) {
      logger.warn(
        `security-posture: EPSS refresh failed, keeping the current data: ${error}`,
      );
    }
  }
  return out;
}
