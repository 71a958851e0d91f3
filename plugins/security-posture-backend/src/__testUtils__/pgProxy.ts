import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that reads the frontend protocol's message framing, so that
 * a test can lose a connection at an exact point: after the server has committed a transaction and
 * before the client hears so (the one fault a killed backend cannot give). Test use only.
 */
export interface PgProxy {
  /** The port the proxy listens on (127.0.0.1). */
  port: number;
  /**
   * Arms the proxy: on the connection that next sends a statement whose text contains `marker`,
   * the `COMMIT` that follows is passed to the server, and once the server has answered it
   * (ReadyForQuery) the connection is cut on both sides, the answer dropped. Resolves when cut.
   */
  cutAfterCommit(marker: string): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL's SSLRequest code: answered by one byte, then the real startup message follows. */
const SSL_REQUEST = 80877103;

/** Message type bytes of the protocol (frontend Query and Parse, backend ReadyForQuery). */
const QUERY = 0x51;
const PARSE = 0x50;
const READY = 0x5a;

/** Splits a buffer into whole typed messages (type byte, int32 length); the rest is kept. */
function frames(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let at = 0;
  while (buffer.length - at >= 5) {
    const length = buffer.readInt32BE(at + 1);
    if (buffer.length - at < 1 + length) break;
    messages.push(buffer.subarray(at, at + 1 + length));
    at += 1 + length;
  }
  return { messages, rest: buffer.subarray(at) };
}

/** Starts a proxy to `target` (PostgreSQL's host and port) on a free port of 127.0.0.1. */
export async function startPgProxy(target: {
  host: string;
  port: number;
}): Promise<PgProxy> {
  let armed: { marker: string; done: () => void } | undefined;
  const sockets = new Set<net.Socket>();

  const server = net.createServer(client => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);

    let startup = true;
    let fromClient: Buffer = Buffer.alloc(0);
    /** This connection sent the marked statement: its next COMMIT is cut. */
    let marked: (() => void) | undefined;
    /** The COMMIT went to the server: its answers are held until ReadyForQuery, then the cut. */
    let cutting: (() => void) | undefined;
    let fromServer: Buffer = Buffer.alloc(0);

    client.on('data', (chunk: Buffer) => {
      fromClient = Buffer.concat([fromClient, chunk]);
      // the untyped startup message (and an SSLRequest before it)
      while (startup && fromClient.length >= 8) {
        const length = fromClient.readInt32BE(0);
        if (fromClient.length < length) return;
        const message = fromClient.subarray(0, length);
        fromClient = fromClient.subarray(length);
        upstream.write(message);
        if (!(length === 8 && message.readInt32BE(4) === SSL_REQUEST)) {
          startup = false;
        }
      }
      if (startup) return;
      const { messages, rest } = frames(fromClient);
      fromClient = rest;
      for (const message of messages) {
        const text =
          message[0] === QUERY || message[0] === PARSE
            ? message.subarray(5).toString('utf8')
            : '';
        if (armed && text.includes(armed.marker)) {
          marked = armed.done;
          armed = undefined;
        } else if (marked && message[0] === QUERY && /^\s*commit/i.test(text)) {
          cutting = marked;
          marked = undefined;
        }
        upstream.write(message);
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (!cutting) {
        client.write(chunk);
        return;
      }
      fromServer = Buffer.concat([fromServer, chunk]);
      const { messages } = frames(fromServer);
      if (messages.some(m => m[0] === READY)) {
        const done = cutting;
        cutting = undefined;
        end();
        done();
      }
    });
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cutAfterCommit(marker) {
      return new Promise(resolve => {
        armed = { marker, done: resolve };
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
