// @ts-check

/**
 * Writes one structured log line to stdout. Only the fields given are written: never pass
 * request bodies, headers or anything that may carry a credential.
 *
 * @param {'info' | 'warn' | 'error'} level Severity.
 * @param {string} msg Short message.
 * @param {Record<string, string | number | boolean>} [fields] Extra fields.
 */
export function log(level, msg, fields = {}) {
  process.stdout.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      level,
      msg,
      ...fields,
    })}\n`,
  );
}
