// Evaluates the suite's built-in workspace policies (@golden-path/policy, CEL) on a generated
// repository, at every security tier, the way goldenpath:policy:check does in the scaffolder.
// It first writes the catalog-info.yaml that catalog:write would add (serialized, not templated).
//
// Usage: node policy.mjs <policyBundle.cjs> <generatedDir> <templateName> <valuesJson>
// The bundle is packages/policy/src/index.ts built with esbuild by build-generated.sh.
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

const [bundle, dir, template, valuesJson] = process.argv.slice(2);
if (!bundle || !dir || !template || !valuesJson) {
  console.error(
    'usage: policy.mjs <bundle> <generatedDir> <template> <valuesJson>',
  );
  process.exit(2);
}
const values = JSON.parse(valuesJson);
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: values.name,
    description: values.description,
    annotations: {
      'golden-path.dev/security-tier': String(values.tier),
      'golden-path.dev/template-ref': `template:default/${template}`,
      'golden-path.dev/template-version': '1.0.0',
    },
  },
  spec: {
    type: 'service',
    owner: values.owner,
    system: values.system,
    lifecycle: values.lifecycle,
  },
};
await writeFile(join(dir, 'catalog-info.yaml'), stringify(entity));

const { loadBuiltinWorkspacePolicies, evaluateWorkspace, formatResults } =
  createRequire(import.meta.url)(bundle);
const policies = await loadBuiltinWorkspacePolicies();
let violations = 0;
for (const tier of [1, 2, 3]) {
  const results = await evaluateWorkspace(dir, policies, { subject: { tier } });
  violations += results.length;
  if (results.length > 0) {
    console.log(`tier ${tier}:\n${formatResults(results)}`);
  }
}
console.log(
  `policy: ${policies.length} built-in policies, tiers 1-3, ${violations} violation(s)`,
);
process.exitCode = violations === 0 ? 0 : 1;
