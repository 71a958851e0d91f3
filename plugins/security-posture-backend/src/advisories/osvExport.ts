import * as yauzl from 'yauzl';
import { Advisory, osvRecords, parseOsvRecord } from './osv';

/** The largest download of an export. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;
/** The most the JSON files of one zip export may inflate to, all together. */
const MAX_INFLATED_BYTES = 8 * 1024 * 1024 * 1024;
/** The largest one record of a zip export may inflate to. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** A zip archive starts with a local file header. */
const LOCAL_FILE_HEADER = 0x04034b50;

/**
 * The JSON files of a zip archive (OSV's per-ecosystem `all.zip`: one record per file, ZIP64 when
 * it holds more than 65,535 of them), read with yauzl, which checks every entry's declared size
 * while it inflates. Other entries, and records larger than a record can be, are skipped.
 */
async function* zipJsonFiles(zip: Buffer): AsyncGenerator<Buffer> {
  const archive = await yauzl.fromBufferPromise(zip);
  let inflated = 0;
  for await (const entry of archive.eachEntry()) {
    if (!entry.fileName.endsWith('.json')) continue;
    if (entry.uncompressedSize > MAX_RECORD_BYTES) continue;
    inflated += entry.uncompressedSize;
    if (inflated > MAX_INFLATED_BYTES) {
      throw new Error(`zip inflates to more than ${MAX_INFLATED_BYTES} bytes`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await archive.openReadStreamPromise(entry)) {
      chunks.push(chunk as Buffer);
    }
    yield Buffer.concat(chunks);
  }
}

/**
 * The OSV records of an export as downloaded: a zip of one record per file (OSV's
 * `<ecosystem>/all.zip`), or JSON (an array of records, one record, or `{ vulns: [...] }`).
 *
 * @internal
 */
export async function exportRecords(body: Buffer): Promise<unknown[]> {
  const records: unknown[] = [];
  await forEachRecord(body, record => records.push(record));
  return records;
}

async function forEachRecord(
  body: Buffer,
  fn: (record: unknown) => void,
): Promise<void> {
  if (body.length >= 4 && body.readUInt32LE(0) === LOCAL_FILE_HEADER) {
    for await (const file of zipJsonFiles(body)) {
      let doc: unknown;
      try {
        doc = JSON.parse(file.toString('utf8'));
      } catch {
        // one unreadable record does not stop the others
        continue;
      }
      osvRecords(doc).forEach(fn);
    }
    return;
  }
  osvRecords(JSON.parse(body.toString('utf8'))).forEach(fn);
}

/**
 * The advisories of an export, each record reduced to what matching keeps as it is read (an
 * ecosystem's export holds up to hundreds of thousands of records).
 *
 * @internal
 */
export async function exportAdvisories(body: Buffer): Promise<Advisory[]> {
  const advisories: Advisory[] = [];
  await forEachRecord(body, record => {
    const advisory = parseOsvRecord(record);
    if (advisory) advisories.push(advisory);
  });
  return advisories;
}
