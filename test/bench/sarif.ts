import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';

/** Sizes of a generated SARIF report. */
export interface SarifShape {
  /** Results in the report (each one a distinct finding). */
  results: number;
  /** Rules of the tool driver; results point at them by `ruleIndex`. */
  rules: number;
  /** Seed of the deterministic generator: the same seed gives the same bytes. */
  seed: number;
}

const LEVELS: Result.level[] = ['error', 'warning', 'warning', 'note'];
const CWES = [79, 89, 22, 78, 94, 327, 502, 611, 798, 918];
const DIRECTORIES = ['api', 'core', 'db', 'web', 'jobs', 'auth', 'util'];

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(text: string, length: number): string {
  return createHash('sha1').update(text).digest('hex').slice(0, length);
}

function rule(index: number, next: () => number): ReportingDescriptor {
  const cwe = CWES[index % CWES.length];
  const properties: Record<string, unknown> = {
    tags: ['security', `external/cwe/cwe-${cwe}`],
    precision: index % 3 === 0 ? 'high' : 'medium',
  };
  // Most, not all, rules carry a CVSS-like security severity (as CodeQL and Semgrep do).
  if (index % 5 !== 4) {
    properties['security-severity'] = (1 + next() * 9).toFixed(1);
  }
  return {
    id: `bench.security.rule-${String(index).padStart(3, '0')}`,
    name: `BenchRule${index}`,
    shortDescription: { text: `Benchmark rule ${index} (CWE-${cwe})` },
    fullDescription: {
      text: `Detects a benchmark pattern number ${index} that maps to CWE-${cwe}.`,
    },
    help: {
      text: `Validate and encode untrusted input before it reaches the sink (rule ${index}).`,
    },
    helpUri: `https://example.com/rules/bench-${index}`,
    properties,
  };
}

function result(index: number, rules: number, next: () => number): Result {
  const ruleIndex = Math.floor(next() * rules);
  const directory = DIRECTORIES[index % DIRECTORIES.length];
  const path = `src/${directory}/module${Math.floor(index / 50) % 400}/file${
    index % 50
  }.ts`;
  const startLine = 1 + Math.floor(next() * 2000);
  const identity = hex(`result:${index}`, 32);
  return {
    ruleId: `bench.security.rule-${String(ruleIndex).padStart(3, '0')}`,
    ruleIndex,
    level: LEVELS[index % LEVELS.length],
    message: {
      text: `Untrusted data flows into a sensitive sink in ${path} at line ${startLine}.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: path, uriBaseId: '%SRCROOT%' },
          region: {
            startLine,
            endLine: startLine + (index % 4),
            startColumn: 1 + (index % 40),
          },
        },
      },
    ],
    // About a third carry stable `fingerprints` (CodeQL style), the rest only partial ones.
    ...(index % 3 === 0
      ? { fingerprints: { 'matchBasedId/v1': identity } }
      : { partialFingerprints: { primaryLocationLineHash: `${identity}:1` } }),
  };
}

/**
 * Generates a SARIF 2.1.0 log of one run with `shape.results` distinct results over `shape.rules`
 * rules, shaped like a real SAST scan: rules referenced by `ruleIndex`, locations with path and
 * lines, fingerprints or partial fingerprints, and `security-severity` on most rules.
 */
export function generateSarif(shape: SarifShape): Buffer {
  const next = random(shape.seed);
  const rules = Array.from({ length: shape.rules }, (_, i) => rule(i, next));
  const results = Array.from({ length: shape.results }, (_, i) =>
    result(i, shape.rules, next),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'semgrep',
            semanticVersion: '1.95.0',
            informationUri: 'https://semgrep.dev',
            rules,
          },
        },
        results,
      },
    ],
  };
  return Buffer.from(JSON.stringify(log));
}
