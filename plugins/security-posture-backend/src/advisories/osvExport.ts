import { inflateRawSync } from 'node:zlib';
import { osvRecords } from './osv';

/** The largest download of an export, and the most its JSON files may inflate to. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The JSON files of a zip archive (OSV's per-ecosystem `all.zip`: one record per file), read
 * with Node's zlib: stored and deflated entries of a zip without ZIP64 records, which is what
 * the exports are. Other entries are skipped.
 */
function* zipJsonFiles(zip: Buffer): Generator<Buffer> {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0)
    throw new Error('not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let inflated = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) {
      throw new Error('zip central directory is damaged');
    }
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!name.endsWith('.json') || (method !== 0 && method !== 8)) continue;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) {
      throw new Error(`zip entry ${name} is damaged`);
    }
    const start =
      local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    inflated += size;
    if (inflated > MAX_EXPORT_BYTES) {
      throw new Error(`zip inflates to more than ${MAX_EXPORT_BYTES} bytes`);
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
  if (body.length >= 4 && body.readUInt32LE(0) === LOCAL) {
    const records: unknown[] = [];
    for (const file of zipJsonFiles(body)) {
      try {
        records.push(...osvRecords(JSON.parse(file.toString('utf8'))));
      } catch {
        // one unreadable record does not stop the others
      }
    }
    return records;
  }
  return osvRecords(JSON.parse(body.toString('utf8')));
}
