// Renders a golden-path skeleton the way the scaffolder's fetch:template would for the small
// expression subset the skeletons use, so the generated services can be built and tested here.
// The real rendering (Backstage's sandboxed nunjucks) is tested elsewhere; this renderer is
// deliberately strict: any expression or tag outside the subset is an error, not an empty string.
//
// Usage: node render.mjs <skeletonDir> <outDir> <valuesJson>
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Paths copied without templating, mirroring the template's `copyWithoutTemplating`: GitHub
 * workflow expressions share nunjucks' `${{ }}` syntax and must reach the repository untouched.
 */
export const COPY_WITHOUT_TEMPLATING = [/^\.github\/workflows\//];

/**
 * @param {string} value e.g. `group:default/payments-team`
 * @returns {{ kind: string, namespace: string, name: string }}
 */
export function parseEntityRef(value) {
  const match =
    /^(?:([a-zA-Z][\w-]*):)?(?:([a-z0-9][\w.-]*)\/)?([\w.-]+)$/.exec(value);
  if (!match) {
    throw new Error(`not an entity reference: ${JSON.stringify(value)}`);
  }
  return {
    kind: match[1] ?? '',
    namespace: match[2] ?? 'default',
    name: match[3],
  };
}

/**
 * @param {string} value e.g. `github.com?owner=acme&repo=payments-api`
 * @returns {{ host: string, owner: string, repo: string }}
 */
export function parseRepoUrl(value) {
  const url = new URL(`https://${value}`);
  const owner = url.searchParams.get('owner');
  const repo = url.searchParams.get('repo');
  if (!owner || !repo) {
    throw new Error(`repoUrl needs owner and repo: ${JSON.stringify(value)}`);
  }
  return { host: url.host, owner, repo };
}

const FILTERS = {
  parseEntityRef: (/** @type {unknown} */ v) => parseEntityRef(String(v)),
  parseRepoUrl: (/** @type {unknown} */ v) => parseRepoUrl(String(v)),
};

/**
 * Evaluates `values.x` with an optional chain of `| parseEntityRef`, `| parseRepoUrl` and
 * `| pick('key')` filters.
 *
 * @param {string} expression Text between `${{` and `}}`.
 * @param {Record<string, unknown>} values
 * @param {string} where File name for error messages.
 * @returns {string}
 */
export function evaluate(expression, values, where) {
  const [head, ...filters] = expression.split('|').map(part => part.trim());
  const variable = /^values\.([a-zA-Z]\w*)$/.exec(head);
  if (!variable) {
    throw new Error(
      `${where}: unsupported expression ${JSON.stringify(expression)}`,
    );
  }
  if (!(variable[1] in values)) {
    throw new Error(`${where}: values.${variable[1]} is not set`);
  }
  /** @type {unknown} */
  let result = values[variable[1]];
  for (const filter of filters) {
    const pick = /^pick\(\s*'([a-zA-Z]+)'\s*\)$/.exec(filter);
    if (pick) {
      result = /** @type {Record<string, unknown>} */ (result)[pick[1]];
    } else if (filter in FILTERS) {
      result = FILTERS[/** @type {keyof typeof FILTERS} */ (filter)](result);
    } else {
      throw new Error(`${where}: unsupported filter ${JSON.stringify(filter)}`);
    }
  }
  if (typeof result !== 'string' && typeof result !== 'number') {
    throw new Error(
      `${where}: ${JSON.stringify(expression)} is not a string or number`,
    );
  }
  return String(result);
}

/**
 * @param {string} text
 * @param {Record<string, unknown>} values
 * @param {string} where
 * @returns {string}
 */
export function renderText(text, values, where) {
  if (/\{%|\{#/.test(text)) {
    throw new Error(
      `${where}: nunjucks tags or comments are not used in skeletons`,
    );
  }
  return text.replace(/\$\{\{([^}]*)\}\}/g, (_all, expression) =>
    evaluate(expression.trim(), values, where),
  );
}

/**
 * Renders every file of `skeletonDir` into `outDir`; refuses symlinks and special files.
 *
 * @param {string} skeletonDir
 * @param {string} outDir
 * @param {Record<string, unknown>} values
 * @returns {Promise<string[]>} Relative paths written, POSIX separators.
 */
export async function renderSkeleton(skeletonDir, outDir, values) {
  /** @type {string[]} */
  const written = [];
  /** @param {string} dir */
  async function walk(dir) {
    for (const entry of await readdir(dir)) {
      const source = join(dir, entry);
      const rel = relative(skeletonDir, source).split(sep).join('/');
      const stat = await lstat(source);
      if (stat.isDirectory()) {
        await walk(source);
        continue;
      }
      if (!stat.isFile()) {
        throw new Error(`${rel}: only regular files belong in a skeleton`);
      }
      const text = await readFile(source, 'utf8');
      if (/values\.description/.test(text)) {
        throw new Error(
          `${rel}: values.description is untrusted and never rendered into files`,
        );
      }
      const verbatim = COPY_WITHOUT_TEMPLATING.some(pattern =>
        pattern.test(rel),
      );
      if (verbatim && /\$\{\{\s*values\./.test(text)) {
        throw new Error(
          `${rel}: copied without templating, so it must not use values`,
        );
      }
      const target = join(outDir, rel);
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, verbatim ? text : renderText(text, values, rel), {
        mode: stat.mode & 0o755,
      });
      written.push(rel);
    }
  }
  await walk(skeletonDir);
  return written.sort();
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const [skeletonDir, outDir, valuesJson] = process.argv.slice(2);
  if (!skeletonDir || !outDir || !valuesJson) {
    console.error('usage: render.mjs <skeletonDir> <outDir> <valuesJson>');
    process.exit(2);
  }
  const files = await renderSkeleton(
    skeletonDir,
    outDir,
    JSON.parse(valuesJson),
  );
  console.log(`rendered ${files.length} files into ${outDir}`);
}
