// Uploads the demo scanner reports (examples/scans/manifest.yaml) to a running instance, the way CI
// does: POST /api/security-posture/v1/reports with the CI token. Waits for the catalog to know each
// component first. Skips everything when the instance already has posture data (a restart).
//
// Usage: node scripts/seed-demo.mjs [--url http://localhost:7007] [--token $GOLDEN_PATH_CI_TOKEN] [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const baseUrl = option('--url', 'http://localhost:7007');
const token = option(
  '--token',
  process.env.GOLDEN_PATH_CI_TOKEN ?? 'golden-path-dev-ci-token-change-me',
);
const headers = { Authorization: `Bearer ${token}` };
const scans = path.join(root, 'examples/scans');
const manifest = YAML.parse(
  fs.readFileSync(path.join(scans, 'manifest.yaml'), 'utf8'),
);

const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitFor(what, check, seconds = 180) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what} after ${seconds}s`);
    }
    await sleep(1000);
  }
}

function postureUrl(ref) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `${baseUrl}/api/security-posture/v1/entities/${kind}/${namespace}/${name}/posture`;
}

const refs = Object.keys(manifest);
await waitFor(
  'the backend',
  async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
);
for (const ref of refs) {
  // 404 until the catalog has processed the component; then 200 (not-enrolled or scanned)
  await waitFor(
    `${ref} in the catalog`,
    async () => (await fetch(postureUrl(ref), { headers })).ok,
  );
}
const first = await (await fetch(postureUrl(refs[0]), { headers })).json();
if (first.state === 'scanned' && !args.includes('--force')) {
  console.log('golden-path: demo posture data already present');
  process.exit(0);
}
let uploads = 0;
for (const [ref, files] of Object.entries(manifest)) {
  for (const file of files) {
    const res = await fetch(
      `${baseUrl}/api/security-posture/v1/reports?entityRef=${encodeURIComponent(
        ref,
      )}`,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: fs.readFileSync(path.join(scans, file)),
      },
    );
    const body = await res.json();
    if (!res.ok) {
      throw new Error(
        `upload of ${file} to ${ref} failed (${res.status}): ${body.error?.message}`,
      );
    }
    uploads += 1;
    console.log(
      `golden-path: ${ref} ← ${file}: ${body.counts.new} new, grade ${
        body.posture.grade ?? '-'
      }`,
    );
  }
}
console.log(`golden-path: seeded ${uploads} demo reports`);
