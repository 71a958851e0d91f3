import { inflateRawSync } from 'node:zlib';
import { Advisory, osvRecords, parseOsvRecord } from './osv';

/** The largest download of an export. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;
/** The most the JSON files of one zip export may inflate to, all together. */
const MAX_INFLATED_BYTES = 8 * 1024 * 1024 * 1024;
/** The largest one record of a zip export may inflate to. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

const u64 = (buf: Buffer, at: number) => Number(buf.readBigUInt64LE(at));

/** Where the central directory is and how many entries it holds (ZIP64 records when present). */
function centralDirectory(zip: Buffer): { entries: number; offset: number } {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new Error('not a zip archive (no end of central directory)');
  }
  const entries = zip.readUInt16LE(end + 10);
  const offset = zip.readUInt32LE(end + 16);
  const locator = end - 20;
  if (locator >= 0 && zip.readUInt32LE(locator) === ZIP64_LOCATOR) {
    const at = u64(zip, locator + 8);
    if (at + 56 > zip.length || zip.readUInt32LE(at) !== ZIP64_EOCD) {
      throw new Error('zip64 end of central directory is damaged');
    }
    return { entries: u64(zip, at + 32), offset: u64(zip, at + 48) };
  }
  return { entries, offset };
}

/** The ZIP64 extra field's sizes and offset, for the fields the central entry set to 0xffffffff. */
function zip64Extra(
  extra: Buffer,
  fields: { size: number; compressed: number; local: number },
) {
  const out = { ...fields };
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      for (const key of ['size', 'compressed', 'local'] as const) {
        if (out[key] === MAX32 && field + 8 <= at + 4 + length) {
          out[key] = u64(extra, field);
          field += 8;
        }
      }
    }
    at += 4 + length;
  }
  return out;
}

/**
 * The JSON files of a zip archive (OSV's per-ecosystem `all.zip`: one record per file), read
 * with Node's zlib: stored and deflated entries, ZIP64 archives included (OSV's npm export holds
 * more than 65,535 files). Other entries are skipped.
 */
function* zipJsonFiles(zip: Buffer): Generator<Buffer> {
  const directory = centralDirectory(zip);
  let at = directory.offset;
  let inflated = 0;
  for (let n = 0; n < directory.entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) {
      throw new Error('zip central directory is damaged');
    }
    const method = zip.readUInt16LE(at + 10);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const { size, compressed, local } = zip64Extra(
      zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength),
      {
        compressed: zip.readUInt32LE(at + 20),
        size: zip.readUInt32LE(at + 24),
        local: zip.readUInt32LE(at + 42),
      },
    );
    at += 46 + nameLength + extraLength + commentLength;
    if (!name.endsWith('.json') || (method !== 0 && method !== 8)) continue;
    if (size > MAX_RECORD_BYTES) continue;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) {
      throw new Error(`zip entry ${name} is damaged`);
    }
    const start =
      local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    inflated += size;
    if (inflated > MAX_INFLATED_BYTES) {
      throw new Error(`zip inflates to more than ${MAX_INFLATED_BYTES} bytes`);
    }
    yield method === 0
      ? data
      : inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  }
}

/**
 * The OSV records of an export as downloaded: a zip of one record per file (OSV's
 * `<ecosystem>/all.zip`), or JSON (an array of records, one record, or `{ vulns: [...] }`).
 *
 * @internal
 */
export function exportRecords(body: Buffer): unknown[] {
  const records: unknown[] = [];
  forEachRecord(body, record => records.push(record));
  return records;
}

function forEachRecord(body: Buffer, fn: (record: unknown) => void): void {
  if (body.length >= 4 && body.readUInt32LE(0) === LOCAL) {
    for (const file of zipJsonFiles(body)) {
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
export function exportAdvisories(body: Buffer): Advisory[] {
  const advisories: Advisory[] = [];
  forEachRecord(body, record => {
    const advisory = parseOsvRecord(record);
    if (advisory) advisories.push(advisory);
  });
  return advisories;
}
