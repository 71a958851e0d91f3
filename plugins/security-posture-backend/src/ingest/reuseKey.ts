import { createHash } from 'node:crypto';

/** How far into a body the SBOM markers are looked for (both sit at the top of the document). */
const HEAD_BYTES = 4096;

const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

/**
 * The fields an SBOM generator writes anew on every run although nothing it describes changed:
 * CycloneDX's `serialNumber` and `metadata.timestamp`, SPDX's `documentNamespace` and
 * `creationInfo.created`. Undefined for a document that is neither.
 */
function withoutGenerationFields(doc: unknown): unknown {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const record = doc as Record<string, unknown>;
  if (record.bomFormat === 'CycloneDX') {
    const { serialNumber: _serial, metadata, ...rest } = record;
    if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
      const { timestamp: _timestamp, ...kept } = metadata as Record<
        string,
        unknown
      >;
      return { ...rest, metadata: kept };
    }
    return rest;
  }
  if (typeof record.spdxVersion === 'string') {
    const { documentNamespace: _namespace, creationInfo, ...rest } = record;
    if (
      creationInfo &&
      typeof creationInfo === 'object' &&
      !Array.isArray(creationInfo)
    ) {
      const { created: _created, ...kept } = creationInfo as Record<
        string,
        unknown
      >;
      return { ...rest, creationInfo: kept };
    }
    return rest;
  }
  return undefined;
}

/**
 * What makes two uploads "the same report" for the reimport shortcut (the `report_sha256` of a
 * scan): the SHA-256 of the body, except for a JSON SBOM, whose generation fields (serial number,
 * namespace, timestamps) are left out, so that CI regenerating the SBOM of an unchanged build is
 * recognised as the same report. Anything that is not a JSON SBOM keeps its byte digest.
 *
 * @internal
 */
export function reuseKeyOf(body: Buffer, bytesSha256: string): string {
  const head = body.subarray(0, HEAD_BYTES).toString('utf8');
  if (!/"bomFormat"|"spdxVersion"/.test(head)) return bytesSha256;
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return bytesSha256;
  }
  const kept = withoutGenerationFields(doc);
  return kept === undefined ? bytesSha256 : sha256(JSON.stringify(kept));
}
