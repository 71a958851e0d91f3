/** Latency statistics of a series of timed calls, in milliseconds. */
export interface LatencyStats {
  samples: number;
  median: number;
  p95: number;
  mean: number;
}

/** Runs `fn` once and returns its result and its wall-clock duration in milliseconds. */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { value, ms };
}

/** The `q` quantile (0..1) of sorted samples, by the nearest-rank method. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) {
    throw new Error('quantile of an empty sample');
  }
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median, p95 and mean of millisecond samples. */
export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    samples: sorted.length,
    median,
    p95: quantile(sorted, 0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/**
 * Times `rounds` sequential rounds of several calls after `warmup` untimed rounds. The calls of a
 * round run one after the other, so drift (cache, autovacuum, GC) hits every series alike.
 */
export async function interleavedLatencies(
  calls: Record<string, () => Promise<void>>,
  options: { warmup: number; rounds: number },
): Promise<Record<string, LatencyStats>> {
  const names = Object.keys(calls);
  for (let i = 0; i < options.warmup; i++) {
    for (const name of names) {
      await calls[name]();
    }
  }
  const samples: Record<string, number[]> = Object.fromEntries(
    names.map(n => [n, []]),
  );
  for (let i = 0; i < options.rounds; i++) {
    for (const name of names) {
      const { ms } = await timed(calls[name]);
      samples[name].push(ms);
    }
  }
  return Object.fromEntries(names.map(n => [n, latencyStats(samples[n])]));
}
