import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ReadAdmission } from './readAdmission';

/** A server whose GET /slow/:id answers when the test releases it; POST /write answers at once. */
async function startServer(admission: ReadAdmission) {
  const release = new Map<string, () => void>();
  const started: string[] = [];
  const app = express();
  app.use(admission.middleware());
  app.get('/slow/:id', async (req, res) => {
    started.push(req.params.id);
    await new Promise<void>(resolve => release.set(req.params.id, resolve));
    res.json({ id: req.params.id });
  });
  app.post('/write', (_req, res) => {
    res.status(201).json({ written: true });
  });
  app.post('/held/:id', async (req, res) => {
    await new Promise<void>(resolve => release.set(req.params.id, resolve));
    res.status(201).json({ written: req.params.id });
  });
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, release, started };
}

/** Runs `test` against a server started for `admission`, and closes it afterwards. */
async function withServer(
  admission: ReadAdmission,
  test: (server: Awaited<ReturnType<typeof startServer>>) => Promise<void>,
) {
  const running = await startServer(admission);
  try {
    await test(running);
  } finally {
    running.server.closeAllConnections();
    running.server.close();
  }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  expect(check()).toBe(true);
};

describe('ReadAdmission', () => {
  it('runs a few reads at once, queues the others in order, answers 503 past the queue, and never holds a write', async () => {
    const admission = new ReadAdmission({
      maxConcurrent: 2,
      maxQueued: 1,
      maxDelayForWritesMs: 500,
    });
    await withServer(admission, async ({ base, release, started }) => {
      const a = fetch(`${base}/slow/a`);
      const b = fetch(`${base}/slow/b`);
      await until(() => started.length === 2);
      const c = fetch(`${base}/slow/c`);
      await until(() => admission.queued === 1);
      expect(started).toEqual(['a', 'b']);

      // the queue is full: a clear 503 that says when to come back
      const refused = await fetch(`${base}/slow/d`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await refused.json()).error.message).toMatch(
        /2 reads with 1 waiting \(securityPosture\.http\.maxQueuedReads\)/,
      );

      // a write goes past the waiting read
      const write = await fetch(`${base}/write`, { method: 'POST' });
      expect(write.status).toBe(201);
      expect(started).toEqual(['a', 'b']);

      // one read ends: the waiting one starts
      release.get('a')!();
      expect(await (await a).json()).toEqual({ id: 'a' });
      await until(() => started.length === 3);
      expect(started).toEqual(['a', 'b', 'c']);
      release.get('b')!();
      release.get('c')!();
      expect((await b).status).toBe(200);
      expect(await (await c).json()).toEqual({ id: 'c' });
      expect(admission.queued).toBe(0);
    });
  });

  it('gives the place of a client that leaves while waiting to the next one', async () => {
    const admission = new ReadAdmission({
      maxConcurrent: 1,
      maxQueued: 5,
      maxDelayForWritesMs: 500,
    });
    await withServer(admission, async ({ base, release, started }) => {
      const a = fetch(`${base}/slow/a`);
      await until(() => started.length === 1);
      const leaving = new AbortController();
      const left = fetch(`${base}/slow/left`, {
        signal: leaving.signal,
      }).catch(error => error);
      const next = fetch(`${base}/slow/next`);
      await until(() => admission.queued === 2);
      leaving.abort();
      expect((await left).name).toBe('AbortError');
      await until(() => admission.queued === 1);

      release.get('a')!();
      expect((await a).status).toBe(200);
      await until(() => started.length === 2);
      // the client that left never ran
      expect(started).toEqual(['a', 'next']);
      release.get('next')!();
      expect(await (await next).json()).toEqual({ id: 'next' });
    });
  });

  it('lets a write in flight go before the waiting reads, and them run anyway once they have waited long enough', async () => {
    const admission = new ReadAdmission({
      maxConcurrent: 2,
      maxQueued: 5,
      maxDelayForWritesMs: 60_000,
    });
    await withServer(admission, async ({ base, release, started }) => {
      const a = fetch(`${base}/slow/a`);
      await until(() => started.length === 1);
      const write = fetch(`${base}/held/w`, { method: 'POST' });
      await until(() => release.has('w'));
      // a read slot is free, but a write is in flight: the read waits for it
      const b = fetch(`${base}/slow/b`);
      await until(() => admission.queued === 1);
      release.get('a')!();
      expect((await a).status).toBe(200);
      expect(admission.queued).toBe(1);
      expect(started).toEqual(['a']);

      // the write ends: the waiting read starts
      release.get('w')!();
      expect(await (await write).json()).toEqual({ written: 'w' });
      await until(() => started.length === 2);
      expect(started).toEqual(['a', 'b']);
      release.get('b')!();
      expect((await b).status).toBe(200);
    });

    // a write that goes on and on: each read defers to it only so long
    const bounded = new ReadAdmission({
      maxConcurrent: 2,
      maxQueued: 5,
      maxDelayForWritesMs: 200,
    });
    await withServer(bounded, async other => {
      let written = false;
      const write = fetch(`${other.base}/held/long`, { method: 'POST' });
      write.then(() => (written = true));
      await until(() => other.release.has('long'));
      const queuedAt = Date.now();
      const c = fetch(`${other.base}/slow/c`);
      await until(() => other.started.length === 1);
      expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(150);
      // the read ran while the write was still in flight
      expect(written).toBe(false);
      other.release.get('c')!();
      expect(await (await c).json()).toEqual({ id: 'c' });
      other.release.get('long')!();
      expect((await write).status).toBe(201);
    });
  });

  it('starts at most maxConcurrent reads in one turn of the event loop, so that ready I/O runs between them', async () => {
    const admission = new ReadAdmission({
      maxConcurrent: 2,
      maxQueued: 100,
      maxDelayForWritesMs: 500,
    });
    const middleware = admission.middleware();
    const started: number[] = [];
    // reads that answer in the turn they start, as better-sqlite3's do
    const read = (id: number) => {
      const res = Object.assign(new EventEmitter(), { setHeader() {} });
      middleware(
        { method: 'GET' } as unknown as express.Request,
        res as unknown as express.Response,
        () => {
          started.push(id);
          res.emit('finish');
        },
      );
    };
    // seven arrive in one turn: two start in it (each ends at once), the others wait
    for (let id = 0; id < 7; id++) read(id);
    expect(started).toEqual([0, 1]);
    expect(admission.queued).toBe(5);

    const perTurn: number[] = [];
    while (started.length < 7 && perTurn.length < 20) {
      const before = started.length;
      await new Promise(resolve => setImmediate(resolve));
      perTurn.push(started.length - before);
    }
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(perTurn).toEqual([2, 2, 1]);
  });
});
