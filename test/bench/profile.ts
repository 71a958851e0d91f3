/*
 * A CPU profile of some calls made in this process (the bench backend runs in it), with V8's
 * sampling profiler through `node:inspector`: where the time of a measured request goes, by
 * function (self time) and by package or plugin file. The .cpuprofile opens in Chrome's DevTools.
 */
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { formatMs } from './table';

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: the package, or the repository file, or V8/Node itself. */
function placeOf(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/(plugins|packages)\/([^/]+)\/src\/(.+)$/.exec(url);
  if (own) return `${own[2]}/${own[3]}`;
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^file:\/\//, '');
}

/**
 * Profiles `run` and returns text lines: the top functions by self time and the top places.
 * Writes the raw profile to `file` when given.
 */
export async function profileCalls(
  run: () => Promise<void>,
  options: { file?: string; top?: number } = {},
): Promise<string[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const started = performance.now();
    await run();
    const wall = performance.now() - started;
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: CpuProfile;
    };
    if (options.file) await writeFile(options.file, JSON.stringify(profile));
    return summarize(profile, wall, options.top ?? 20);
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}

function summarize(profile: CpuProfile, wallMs: number, top: number) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    sampled += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url);
    const fn = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
    selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + ms);
  });
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, ms]) =>
          `  ${formatMs(ms).padStart(9)}  ${((ms / sampled) * 100)
            .toFixed(1)
            .padStart(5)}%  ${name}`,
      );
  return [
    `wall ${formatMs(wallMs)}, sampled ${formatMs(sampled)} (idle included)`,
    'self time by place:',
    ...rank(selfByPlace),
    'self time by function:',
    ...rank(selfByFunction),
  ];
}
