import crypto from 'node:crypto';

/** A sha1 in hex. */
export const sha1 = (data: Buffer | string) =>
  crypto.createHash('sha1').update(data).digest('hex');

/** A blob's id as git computes it (written here again on purpose: the stand-ins check the client's). */
export const blobId = (content: Buffer) =>
  sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
