// What the security-posture frontend plugin adds to the app's bundle.
//
//   node scripts/bundle-size.mjs              two production builds of packages/app, without the
//                                             plugin (app.packages.exclude) and with it, compared
//                                             file by file; leaves the normal build in dist/
//   node scripts/bundle-size.mjs --no-build   no build: reads the existing packages/app/dist and
//                                             attributes its bytes to sources via the source maps
//   --json <file>                             also write the figures as JSON
//   --max-initial-kb <n>                      fail when the plugin's own code in the scripts every
//                                             page loads exceeds n KiB (minified)
//
// Run it through the toolchain: `./gp yarn node scripts/bundle-size.mjs`. The comparison is two
// more app builds (about a minute with rspack on two cores), so it is not part of `./gp test`;
// `--no-build --max-initial-kb <n>` is cheap (seconds) and can follow the test run's app build.
//
// How bytes are attributed: every emitted script has a source map; each mapped segment of the
// minified code (from its column to the next segment) is counted for the segment's source file,
// and source files are grouped into the plugin, its common package and npm packages. "Initial"
// scripts are those index.html loads on every page; the rest are chunks loaded on demand.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const appDir = path.join(root, 'packages/app');
const PLUGIN = '@golden-path/plugin-security-posture';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const jsonOut = optionValue('--json');
const maxInitialKb = optionValue('--max-initial-kb');

function optionValue(name) {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) {
    console.error(`${name} needs a value`);
    process.exit(2);
  }
  return value;
}

// ---- source maps -------------------------------------------------------------------------------

const BASE64 = new Map(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map(
    (c, i) => [c, i],
  ),
);

/** Decodes one mappings segment (base64 VLQ) into its numbers. */
function decodeSegment(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.get(char);
    if (digit === undefined) {
      throw new Error(`invalid base64 VLQ character ${JSON.stringify(char)}`);
    }
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * Bytes of one minified script per source file of its map: each segment covers the code up to
 * the next segment on its line. Code no segment maps is counted as "(unmapped)".
 */
export function attributeBytes(code, map) {
  const bytes = new Map();
  const add = (source, text) => {
    if (text.length === 0) return;
    bytes.set(source, (bytes.get(source) ?? 0) + Buffer.byteLength(text));
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;
  for (let lineNo = 0; lineNo < lines.length; lineNo++) {
    const line = lines[lineNo];
    const segments = (mappingLines[lineNo] ?? '')
      .split(',')
      .filter(Boolean)
      .map(decodeSegment);
    let column = 0;
    const starts = [];
    for (const segment of segments) {
      column += segment[0];
      if (segment.length >= 4) {
        sourceIndex += segment[1];
        starts.push([column, map.sources[sourceIndex]]);
      } else {
        starts.push([column, undefined]);
      }
      // original line/column/name deltas are not needed for sizes
    }
    starts.sort((a, b) => a[0] - b[0]);
    add('(unmapped)', line.slice(0, starts[0]?.[0] ?? line.length));
    starts.forEach(([start, source], i) => {
      const end = i + 1 < starts.length ? starts[i + 1][0] : line.length;
      add(source ?? '(unmapped)', line.slice(start, end));
    });
    // the newline itself
    if (lineNo < lines.length - 1) add('(unmapped)', '\n');
  }
  return bytes;
}

/** Which part of the suite, or which npm package, a source file of the app's maps belongs to. */
export function groupOf(source) {
  if (source === '(unmapped)') return source;
  const rel = source
    .replace(/^webpack:\/\/[^/]*\//, '')
    .replace(/^file:\/\//, '');
  const abs = path.resolve(appDir, rel);
  const fromRoot = path.relative(root, abs).split(path.sep).join('/');
  const nm = fromRoot.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const parts = fromRoot.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (fromRoot.startsWith('plugins/security-posture/')) return PLUGIN;
  if (fromRoot.startsWith('plugins/security-posture-common/')) {
    return `${PLUGIN}-common`;
  }
  if (fromRoot.startsWith('packages/app/')) return 'app';
  return '(other)';
}

// ---- a build's figures -------------------------------------------------------------------------

function initialScripts(dist) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  return new Set(
    [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map(m =>
      path.basename(m[1]),
    ),
  );
}

/**
 * Sizes of a built app: every script (raw and gzip), split into initial and on-demand, and the
 * minified bytes of each source group in each part.
 */
export function measure(dist) {
  const staticDir = path.join(dist, 'static');
  const initial = initialScripts(dist);
  const totals = {
    initial: { files: 0, raw: 0, gzip: 0 },
    lazy: { files: 0, raw: 0, gzip: 0 },
  };
  /** group → { initial, lazy } minified bytes */
  const groups = new Map();
  /** chunks holding plugin code: file → bytes of the plugin and common in it */
  const pluginChunks = [];
  for (const file of fs.readdirSync(staticDir).sort()) {
    if (!file.endsWith('.js')) continue;
    const code = fs.readFileSync(path.join(staticDir, file));
    const part = initial.has(file) ? 'initial' : 'lazy';
    totals[part].files += 1;
    totals[part].raw += code.length;
    totals[part].gzip += zlib.gzipSync(code).length;
    const mapFile = path.join(staticDir, `${file}.map`);
    if (!fs.existsSync(mapFile)) continue;
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
    let ours = 0;
    for (const [source, n] of attributeBytes(code.toString('utf8'), map)) {
      const group = groupOf(source);
      const entry = groups.get(group) ?? { initial: 0, lazy: 0 };
      entry[part] += n;
      groups.set(group, entry);
      if (group === PLUGIN || group === `${PLUGIN}-common`) ours += n;
    }
    if (ours > 0) {
      pluginChunks.push({
        file,
        part,
        raw: code.length,
        plugin: ours,
      });
    }
  }
  return { totals, groups, pluginChunks };
}

// ---- builds ------------------------------------------------------------------------------------

function yarn(argv) {
  // this script runs under ./gp, whose PATH has the project's yarn; the build's own size table
  // is long, so its output is shown only when it fails
  try {
    execFileSync('yarn', argv, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    process.stdout.write(error.stdout ?? '');
    process.stderr.write(error.stderr ?? '');
    throw new Error(`yarn ${argv.join(' ')} failed`);
  }
}

function buildApp({ withPlugin }) {
  console.log(
    `\n=== building packages/app ${withPlugin ? 'with' : 'without'} ${PLUGIN}`,
  );
  if (withPlugin) {
    yarn(['workspace', 'app', 'build']);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-size-'));
  const exclude = path.join(tmp, 'app-config.exclude.yaml');
  // JSON is YAML, and quotes the scoped package name for us
  fs.writeFileSync(
    exclude,
    JSON.stringify({ app: { packages: { exclude: [PLUGIN] } } }),
  );
  try {
    yarn([
      'workspace',
      'app',
      'build',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      exclude,
    ]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function copyDist(target) {
  fs.cpSync(path.join(appDir, 'dist'), target, { recursive: true });
}

// ---- report ------------------------------------------------------------------------------------

const kib = n => `${(n / 1024).toFixed(1)} KiB`;
const signedKib = n => `${n >= 0 ? '+' : '-'}${kib(Math.abs(n))}`;

function printAttribution(figures) {
  const own = [PLUGIN, `${PLUGIN}-common`].map(g => [
    g,
    figures.groups.get(g) ?? { initial: 0, lazy: 0 },
  ]);
  console.log(
    '\nThe plugin’s own code in the build (minified bytes, from source maps):',
  );
  console.log(
    '  package                                         initial      on demand',
  );
  for (const [group, { initial, lazy }] of own) {
    console.log(
      `  ${group.padEnd(46)} ${kib(initial).padStart(10)} ${kib(lazy).padStart(
        14,
      )}`,
    );
  }
  console.log('\nScripts that hold plugin code:');
  for (const chunk of figures.pluginChunks) {
    console.log(
      `  ${chunk.file.padEnd(34)} ${chunk.part.padEnd(8)} ${kib(
        chunk.raw,
      ).padStart(10)} (plugin code ${kib(chunk.plugin)})`,
    );
  }
}

function diffGroups(without, withPlugin) {
  const names = new Set([
    ...without.groups.keys(),
    ...withPlugin.groups.keys(),
  ]);
  const rows = [];
  for (const name of names) {
    const a = without.groups.get(name) ?? { initial: 0, lazy: 0 };
    const b = withPlugin.groups.get(name) ?? { initial: 0, lazy: 0 };
    const delta = b.initial + b.lazy - (a.initial + a.lazy);
    if (delta !== 0) {
      rows.push({
        group: name,
        initial: b.initial - a.initial,
        lazy: b.lazy - a.lazy,
        delta,
      });
    }
  }
  return rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
}

function toJson(figures) {
  return {
    totals: figures.totals,
    groups: Object.fromEntries(figures.groups),
    pluginChunks: figures.pluginChunks,
  };
}

// ---- main --------------------------------------------------------------------------------------

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main();
}

function main() {
  const result = {};
  if (noBuild) {
    if (!fs.existsSync(path.join(appDir, 'dist', 'index.html'))) {
      console.error(
        'packages/app/dist has no build: run `./gp yarn workspace app build` first',
      );
      process.exit(2);
    }
    const figures = measure(path.join(appDir, 'dist'));
    result.build = toJson(figures);
    printAttribution(figures);
  } else {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-size-dist-'));
    try {
      buildApp({ withPlugin: false });
      copyDist(path.join(tmp, 'without'));
      buildApp({ withPlugin: true });
      const without = measure(path.join(tmp, 'without'));
      const withPlugin = measure(path.join(appDir, 'dist'));
      const rows = diffGroups(without, withPlugin);
      console.log(`\nWhat ${PLUGIN} adds to packages/app (production build):`);
      console.log(
        '                 without plugin      with plugin        added',
      );
      for (const part of ['initial', 'lazy']) {
        const label =
          part === 'initial' ? 'initial scripts' : 'on-demand chunks';
        for (const unit of ['raw', 'gzip']) {
          const a = without.totals[part][unit];
          const b = withPlugin.totals[part][unit];
          console.log(
            `  ${`${label} (${unit})`.padEnd(26)} ${kib(a).padStart(12)} ${kib(
              b,
            ).padStart(14)} ${signedKib(b - a).padStart(12)}`,
          );
        }
      }
      console.log(
        '\nMinified bytes that change, by package (initial / on demand):',
      );
      for (const row of rows.slice(0, 15)) {
        console.log(
          `  ${row.group.padEnd(46)} ${signedKib(row.initial).padStart(
            11,
          )} ${signedKib(row.lazy).padStart(12)}`,
        );
      }
      printAttribution(withPlugin);
      result.without = toJson(without);
      result.with = toJson(withPlugin);
      result.added = {
        initial: {
          raw: withPlugin.totals.initial.raw - without.totals.initial.raw,
          gzip: withPlugin.totals.initial.gzip - without.totals.initial.gzip,
        },
        lazy: {
          raw: withPlugin.totals.lazy.raw - without.totals.lazy.raw,
          gzip: withPlugin.totals.lazy.gzip - without.totals.lazy.gzip,
        },
        byPackage: rows,
      };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  if (jsonOut) {
    fs.writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${jsonOut}`);
  }

  if (maxInitialKb !== undefined) {
    const groups = result.with?.groups ?? result.build.groups;
    const initial =
      (groups[PLUGIN]?.initial ?? 0) +
      (groups[`${PLUGIN}-common`]?.initial ?? 0);
    const budget = Number(maxInitialKb) * 1024;
    if (!(initial <= budget)) {
      console.error(
        `\nthe plugin's code in the initial scripts is ${kib(
          initial,
        )}, over the budget of ${maxInitialKb} KiB`,
      );
      process.exit(1);
    }
    console.log(
      `\nthe plugin's code in the initial scripts: ${kib(
        initial,
      )} (budget ${maxInitialKb} KiB)`,
    );
  }
}
