// Spec-first HTTP contract: plugins/security-posture-backend/src/schema/openapi.yaml is the source
// of truth. This writes, from it:
//   - the backend's spec module (`spec ... as const`), from which the validated router is typed;
//   - the common package's request/response types (openapi-typescript), used by the typed client.
// `--check` fails when the committed files differ from what the spec generates (run by ./gp test).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specPath = path.join(
  root,
  'plugins/security-posture-backend/src/schema/openapi.yaml',
);
const serverOut = path.join(
  root,
  'plugins/security-posture-backend/src/schema/openapi.generated.ts',
);
const typesOut = path.join(
  root,
  'plugins/security-posture-common/src/schema/openapi.generated.ts',
);
const banner = `// ******************************************************************
// * GENERATED from plugins/security-posture-backend/src/schema/openapi.yaml
// * by scripts/generate-openapi.mjs. DO NOT EDIT: edit the spec and rerun.
// ******************************************************************
`;

const source = fs.readFileSync(specPath, 'utf8');
const spec = YAML.parse(source);
const format = text =>
  prettier.format(text, { ...prettierConfig(), parser: 'typescript' });

function prettierConfig() {
  return JSON.parse(
    fs.readFileSync(
      path.join(root, 'node_modules/@backstage/cli/config/prettier.json'),
      'utf8',
    ),
  );
}

const server = format(
  `${banner}/* eslint-disable */\n/** The OpenAPI document of the security-posture API. @internal */\nexport const spec = ${JSON.stringify(
    spec,
    null,
    2,
  )} as const;\n`,
);
const ast = await openapiTS(new URL(`file://${specPath}`), {
  alphabetize: false,
});
const types = format(`${banner}/* eslint-disable */\n${astToString(ast)}`);

const outputs = [
  [serverOut, server],
  [typesOut, types],
];
if (process.argv.includes('--check')) {
  const stale = outputs.filter(
    ([file, text]) =>
      !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text,
  );
  for (const [file] of stale) {
    console.error(
      `golden-path: ${path.relative(
        root,
        file,
      )} is out of date with openapi.yaml; run: node scripts/generate-openapi.mjs`,
    );
  }
  process.exit(stale.length ? 1 : 0);
}
for (const [file, text] of outputs) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)}`);
}
