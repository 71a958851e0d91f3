// Uploads the demo scanner reports (examples/scans/manifest.yaml) to a running instance, the way
// each team's CI does: POST /api/security-posture/v1/reports with that team's CI credential, which
// may report only for the team's components (securityPosture.uploads.tokens in app-config.yaml).
// Waits for the catalog to know each component first. Then waits for the shipped advisories to be
// stored and creates the demo's campaigns (examples/campaigns.yaml) as the demo's sign-in user, who
// may manage campaigns. Skips everything when the instance already has posture data (a restart).
//
// Usage: node scripts/seed-demo.mjs [--url http://localhost:7007] [--force]
// Tokens: GOLDEN_PATH_CI_TOKEN_PAYMENTS, _IDENTITY, _PLATFORM, _DATA (the demo's defaults otherwise).
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

/** Each team's CI credential, as app-config.yaml defines them. */
const TEAM_TOKENS = {
  'group:default/payments-team':
    process.env.GOLDEN_PATH_CI_TOKEN_PAYMENTS ??
    'golden-path-dev-ci-payments-team',
  'group:default/identity-team':
    process.env.GOLDEN_PATH_CI_TOKEN_IDENTITY ??
    'golden-path-dev-ci-identity-team',
  'group:default/platform-team':
    process.env.GOLDEN_PATH_CI_TOKEN_PLATFORM ??
    'golden-path-dev-ci-platform-team',
  'group:default/data-team':
    process.env.GOLDEN_PATH_CI_TOKEN_DATA ?? 'golden-path-dev-ci-data-team',
};

/** The demo catalog's documents (examples/*.yaml). */
const documents = ['org.yaml', 'entities.yaml'].flatMap(file =>
  YAML.parseAllDocuments(
    fs.readFileSync(path.join(root, 'examples', file), 'utf8'),
  ).map(d => d.toJS()),
);
const fullRef = (kind, ref) =>
  ref.includes(':') ? ref : `${kind}:default/${ref}`;
const parentOf = new Map(
  documents
    .filter(d => d?.kind === 'Group' && d.spec?.parent)
    .map(d => [
      fullRef('group', d.metadata.name),
      fullRef('group', d.spec.parent),
    ]),
);
/** The demo components the catalog reads from their own repositories (goldenPath.demo.repositories). */
const demoRepositories =
  YAML.parse(fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'))
    ?.goldenPath?.demo?.repositories ?? [];
const ownerOf = new Map([
  ...documents
    .filter(d => d?.kind === 'Component')
    .map(d => [
      fullRef('component', d.metadata.name),
      fullRef('group', d.spec.owner),
    ]),
  ...demoRepositories.map(r => [
    fullRef('component', r.name),
    fullRef('group', r.answers.owner),
  ]),
]);

/** The CI credential of the team a component belongs to (its owner, or the team above it). */
function teamHeaders(ref) {
  for (let group = ownerOf.get(ref); group; group = parentOf.get(group)) {
    if (TEAM_TOKENS[group]) {
      return { Authorization: `Bearer ${TEAM_TOKENS[group]}` };
    }
  }
  throw new Error(`no demo CI credential for the team of ${ref}`);
}
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

/** The gate's answer for a component: 404 until the catalog has processed it. */
function askGate(ref) {
  return fetch(`${baseUrl}/api/security-posture/v1/gate`, {
    method: 'POST',
    headers: { ...teamHeaders(ref), 'Content-Type': 'application/json' },
    body: JSON.stringify({ entityRef: ref }),
  });
}

const refs = Object.keys(manifest);
await waitFor(
  'the backend',
  async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
);
for (const ref of refs) {
  await waitFor(`${ref} in the catalog`, async () => (await askGate(ref)).ok);
}
// a component that was scanned has a score; the gate says so without reading the posture
const first = await (await askGate(refs[0])).json();
if (first.score !== null && !args.includes('--force')) {
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
        headers: { ...teamHeaders(ref), 'Content-Type': 'application/json' },
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

/**
 * A token of the demo's sign-in user (the guest provider signs in as avery.lead), as the app gets
 * one: the provider's refresh endpoint, called as a browser would.
 */
async function signInToken() {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed (${res.status})`);
  }
  return (await res.json()).backstageIdentity.token;
}

const campaigns = YAML.parse(
  fs.readFileSync(path.join(root, 'examples/campaigns.yaml'), 'utf8'),
);
const user = { Authorization: `Bearer ${await signInToken()}` };

// The shipped OSV advisories are stored by the scheduled advisory refresh about ten seconds after
// start; the demo's zero-day view and campaigns answer with them, so the seed waits for them.
let advisoriesStored = 0;
await waitFor(
  'the shipped advisories (the advisory refresh)',
  async () => {
    const res = await fetch(
      `${baseUrl}/api/security-posture/v1/affected?advisory=CVE-2021-44228`,
      { headers: user },
    );
    advisoriesStored = res.ok ? (await res.json()).advisoriesStored : 0;
    return advisoriesStored > 0;
  },
  120,
);
console.log(`golden-path: ${advisoriesStored} advisories stored`);

const existing = await (
  await fetch(`${baseUrl}/api/security-posture/v1/campaigns`, { headers: user })
).json();
const titles = new Set((existing.items ?? []).map(c => c.title));
let created = 0;
for (const { deadlineInDays, ...campaign } of campaigns) {
  if (titles.has(campaign.title)) continue;
  const deadline = new Date(Date.now() + deadlineInDays * 86_400_000);
  const res = await fetch(`${baseUrl}/api/security-posture/v1/campaigns`, {
    method: 'POST',
    headers: { ...user, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...campaign, deadline: deadline.toISOString() }),
  });
  const body = await res.json();
  if (!res.ok) {
    throw new Error(
      `campaign '${campaign.title}' was refused (${res.status}): ${body.error?.message}`,
    );
  }
  created += 1;
  const { compliant, failing } = (
    await (
      await fetch(
        `${baseUrl}/api/security-posture/v1/campaigns/${encodeURIComponent(
          body.id,
        )}`,
        { headers: user },
      )
    ).json()
  ).progress;
  console.log(
    `golden-path: campaign '${campaign.title}': ${compliant} compliant, ${failing} failing`,
  );
}
console.log(`golden-path: seeded ${created} demo campaigns`);
