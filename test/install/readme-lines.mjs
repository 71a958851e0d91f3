// Reads the install lines of the root README's "Install into an existing Backstage app" section, so
// the install test runs exactly what a reader is told to run. Prints JSON:
//   { "shell": ["yarn --cwd packages/backend add @golden-path/...", ...],
//     "backend": ["backend.add(import('@golden-path/...'));", ...],
//     "ci": ["npm install --save-dev @golden-path/cli"] }
// and fails when a package the test installs has no line (a README that lost one fails the test).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

const section = title => {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
};
const codeBlocks = (text, lang) =>
  [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(
    m => m[1],
  );

const install = section('Install into an existing Backstage app');
const shell = codeBlocks(install, 'sh')
  .flatMap(block => block.split('\n'))
  .map(line => line.replace(/\s+#.*$/, '').trim())
  .filter(line => /^yarn --cwd packages\/\S+ add @golden-path\//.test(line));
const backend = codeBlocks(install, 'ts').flatMap(block =>
  [
    ...block.matchAll(
      /backend\.add\(\s*import\('(@golden-path\/[^']+)'\),?\s*\);/g,
    ),
  ].map(m => `backend.add(import('${m[1]}'));`),
);
const ci = codeBlocks(section('CI usage'), 'sh')
  .flatMap(block => block.split('\n'))
  .map(line => line.replace(/\s+#.*$/, '').trim())
  .filter(line => /^npm install --save-dev @golden-path\/cli$/.test(line));

const expected = {
  shell: [
    '@golden-path/plugin-security-posture-backend',
    '@golden-path/plugin-scaffolder-backend-module-golden-path',
    '@golden-path/plugin-security-posture',
  ],
  backend: [
    '@golden-path/plugin-security-posture-backend',
    '@golden-path/plugin-scaffolder-backend-module-golden-path',
  ],
  ci: ['@golden-path/cli'],
};
// the subsections repeat some lines of the section's first blocks: each runs once
const unique = lines => [...new Set(lines)];
const found = {
  shell: unique(shell),
  backend: unique(backend),
  ci: unique(ci),
};
const missing = Object.entries(expected).flatMap(([kind, names]) =>
  names
    .filter(
      name =>
        !found[kind].some(
          line => line.includes(`${name}'`) || line.endsWith(name),
        ),
    )
    .map(name => `${kind}: ${name}`),
);
if (missing.length > 0) {
  console.error(
    `README.md's install lines miss: ${missing.join(
      ', ',
    )} (sections "Install into an existing Backstage app" and "CI usage")`,
  );
  process.exit(1);
}
console.log(JSON.stringify(found));
