import { SingleBar } from 'cli-progress';
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, RetryOptions, withRetries } from '../http';
import { IdentityOptions, resolveConnection } from '../identity';
import { CliError, CliIo, EXIT, Secrets } from '../io';

/** Reports larger than this get a progress bar (on a terminal). */
const PROGRESS_THRESHOLD = 1024 * 1024;
const CHUNK = 64 * 1024;

export interface UploadOptions extends IdentityOptions {
  url?: string;
  token?: string;
  entity?: string;
  format?: string;
  branch?: string;
  commit?: string;
  partial?: boolean;
  json?: boolean;
}

interface IngestAnswer {
  format: string;
  tools: string[];
  branch: string;
  counts: {
    new: number;
    unchanged: number;
    fixed: number;
    reopened: number;
    suppressed?: number;
    checks?: number;
  };
  posture: { score: number | null; grade: string | null };
}

/** A body that reports its progress as fetch reads it (a fresh one for each attempt). */
function progressBody(data: Buffer, onChunk: (bytes: number) => void) {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.length) {
        controller.close();
        return;
      }
      const chunk = data.subarray(offset, offset + CHUNK);
      offset += chunk.length;
      onChunk(chunk.length);
      controller.enqueue(chunk);
    },
  });
}

/** `golden-path upload <report...>`: each report to the backend, in order. */
export async function upload(
  files: string[],
  options: UploadOptions,
  io: CliIo,
  retry: RetryOptions,
  secrets: Secrets = new Secrets(),
): Promise<number> {
  const { url, token, entity } = await resolveConnection(
    options,
    io,
    retry,
    secrets,
    { entity: true },
  );
  const doFetch = io.fetch ?? fetch;
  const params = new URLSearchParams({ entityRef: entity });
  if (options.format) params.set('format', options.format);
  const branch =
    options.branch ??
    io.env.GOLDEN_PATH_BRANCH ??
    io.env.GITHUB_REF_NAME ??
    io.env.CI_COMMIT_REF_NAME;
  const commit =
    options.commit ??
    io.env.GOLDEN_PATH_COMMIT ??
    io.env.GITHUB_SHA ??
    io.env.CI_COMMIT_SHA;
  if (branch) params.set('branch', branch);
  if (commit) params.set('commit', commit);
  if (options.partial) params.set('complete', 'false');
  const endpoint = `${url}/api/security-posture/v1/reports?${params}`;

  const results: { file: string; result?: IngestAnswer; error?: string }[] = [];
  for (const file of files) {
    const name = path.basename(file);
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (error) {
      results.push({
        file,
        error: `cannot read ${file}: ${
          (error as NodeJS.ErrnoException).code ?? error
        }`,
      });
      continue;
    }
    const bar =
      data.length > PROGRESS_THRESHOLD && io.stderr.isTTY
        ? new SingleBar({
            format: `${name} [{bar}] {percentage}% {value}/{total} bytes`,
            stream: io.stderr as NodeJS.WritableStream,
            hideCursor: true,
          })
        : undefined;
    try {
      const response = await withRetries(
        () => {
          bar?.start(data.length, 0);
          return doFetch(endpoint, {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${token}`,
              'Content-Type': 'application/json',
            },
            ...(bar
              ? {
                  body: progressBody(data, n => bar.increment(n)),
                  duplex: 'half',
                }
              : { body: data }),
          } as RequestInit);
        },
        {
          ...retry,
          onRetry: info =>
            io.stderr.write(
              `${name}: ${info.reason}, retrying in ${
                Math.round(info.delayMs / 100) / 10
              } s (attempt ${info.attempt + 1} of ${retry.retries + 1})\n`,
            ),
        },
      );
      bar?.stop();
      if (!response.ok) {
        results.push({ file, error: await errorMessage(response) });
        continue;
      }
      results.push({ file, result: (await response.json()) as IngestAnswer });
    } catch (error) {
      bar?.stop();
      results.push({
        file,
        error: error instanceof CliError ? error.message : String(error),
      });
    }
  }

  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        results.map(r =>
          r.error ? { ...r, error: secrets.redact(r.error) } : r,
        ),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const { file, result, error } of results) {
      if (error) {
        io.stderr.write(`${file}: upload failed: ${secrets.redact(error)}\n`);
        continue;
      }
      const c = result!.counts;
      const grade = result!.posture.grade
        ? `grade ${result!.posture.grade} (${result!.posture.score})`
        : 'no grade yet';
      io.stdout.write(
        `${file}: ${result!.format} (${result!.tools.join(', ')}) on ${
          result!.branch
        }: ` +
          `${c.new} new, ${c.unchanged} unchanged, ${c.fixed} fixed, ${c.reopened} reopened; ${grade}\n`,
      );
    }
  }
  return results.some(r => r.error) ? EXIT.error : EXIT.ok;
}
