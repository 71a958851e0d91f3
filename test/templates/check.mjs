// Checks a generated repository against the golden-path hardening rules the templates promise.
// Usage: node check.mjs <generatedDir> <languageEcosystem> <forbiddenText>
// Prints one line per failed rule and exits 1 when any rule fails.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

const REQUIRED_FILES = [
  'Dockerfile',
  '.dockerignore',
  '.gitignore',
  'LICENSE',
  'SECURITY.md',
  'README.md',
  '.github/CODEOWNERS',
  '.github/dependabot.yml',
  '.github/workflows/ci.yaml',
  'k8s/deployment.yaml',
  'k8s/service.yaml',
  'k8s/serviceaccount.yaml',
  'k8s/networkpolicy.yaml',
  'k8s/kustomization.yaml',
];

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      out.push(...listFiles(path));
    } else {
      out.push(path);
    }
  }
  return out;
}

/**
 * Runs every rule on a generated repository.
 *
 * @param {string} root Generated repository.
 * @param {string} ecosystem Dependabot ecosystem of the language (npm, pip, gomod).
 * @param {string} forbidden Text that must appear nowhere (the sample description).
 * @returns {string[]} Failed rules, empty when all pass.
 */
export function checkGenerated(root, ecosystem, forbidden) {
  /** @type {string[]} */
  const failures = [];
  const fail = (/** @type {string} */ message) => failures.push(message);
  const read = (/** @type {string} */ rel) =>
    readFileSync(join(root, rel), 'utf8');

  for (const rel of REQUIRED_FILES) {
    if (!existsSync(join(root, rel))) fail(`missing ${rel}`);
  }
  if (failures.length > 0) return failures;

  // Rendering left nothing behind, and the untrusted description reached no file.
  /** @type {Map<string, unknown[]>} */
  const yamlDocs = new Map();
  for (const path of listFiles(root)) {
    const rel = relative(root, path);
    const text = readFileSync(path, 'utf8');
    if (!rel.startsWith('.github/workflows/') && text.includes('${{')) {
      fail(`${rel}: unrendered expression`);
    }
    if (forbidden && text.includes(forbidden))
      fail(`${rel}: contains the description`);
    if (/\.ya?ml$/.test(rel)) {
      const docs = parseAllDocuments(text);
      for (const doc of docs) {
        for (const error of doc.errors)
          fail(`${rel}: YAML error ${error.message}`);
      }
      yamlDocs.set(
        rel,
        docs.map(doc => doc.toJS()),
      );
    }
  }

  checkWorkflow(read('.github/workflows/ci.yaml'), fail);
  checkDockerfile(read('Dockerfile'), fail);

  const dockerignore = read('.dockerignore')
    .split('\n')
    .map(line => line.trim());
  if (!dockerignore.includes('.git'))
    fail('.dockerignore does not exclude .git');
  if (!dockerignore.includes('.env*'))
    fail('.dockerignore does not exclude .env*');
  if (!read('.gitignore').split('\n').includes('.env*'))
    fail('.gitignore does not exclude .env*');
  if (!/Apache License\s+Version 2\.0/.test(read('LICENSE')))
    fail('LICENSE is not Apache-2.0');
  if (!/^## Reporting a vulnerability$/m.test(read('SECURITY.md'))) {
    fail('SECURITY.md has no disclosure section');
  }
  const owners = read('.github/CODEOWNERS')
    .split('\n')
    .filter(line => line.trim() && !line.startsWith('#'));
  if (
    owners.length !== 1 ||
    !/^\* @[A-Za-z0-9-]+\/[a-z0-9._-]+$/.test(owners[0])
  ) {
    fail(
      `CODEOWNERS must have one "* @org/team" line, got ${JSON.stringify(
        owners,
      )}`,
    );
  }
  const dependabot =
    /** @type {{ updates: { 'package-ecosystem': string }[] }} */ (
      parse(read('.github/dependabot.yml'))
    );
  const ecosystems = dependabot.updates.map(
    update => update['package-ecosystem'],
  );
  for (const wanted of [ecosystem, 'docker', 'github-actions']) {
    if (!ecosystems.includes(wanted))
      fail(`dependabot.yml does not cover ${wanted}`);
  }

  const manifests = [...yamlDocs.entries()]
    .filter(([rel]) => rel.startsWith('k8s/'))
    .flatMap(([, docs]) => docs);
  checkManifests(/** @type {Record<string, any>[]} */ (manifests), fail);
  return failures;
}

/**
 * @param {string} text
 * @param {(message: string) => void} fail
 */
function checkWorkflow(text, fail) {
  text.split('\n').forEach((line, index) => {
    const uses = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!uses) return;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses[1])) {
      fail(
        `ci.yaml:${index + 1}: action not pinned to a 40-hex commit SHA: ${
          uses[1]
        }`,
      );
    } else if (!/^\s+# v\d+\.\d+\.\d+$/.test(uses[2])) {
      fail(`ci.yaml:${index + 1}: pinned action lacks its "# vX.Y.Z" comment`);
    }
  });
  const workflow = parse(text);
  const triggers = Object.keys(workflow.on ?? {});
  for (const banned of ['pull_request_target', 'workflow_run']) {
    if (triggers.includes(banned)) fail(`ci.yaml: uses the ${banned} trigger`);
  }
  if (
    JSON.stringify(workflow.permissions) !==
    JSON.stringify({ contents: 'read' })
  ) {
    fail('ci.yaml: top-level permissions must be exactly contents: read');
  }
  /** @type {Record<string, { permissions?: unknown, steps: { run?: string, uses?: string, name?: string }[] }>} */
  const jobs = workflow.jobs;
  const allRuns = [];
  for (const [id, job] of Object.entries(jobs)) {
    if (typeof job.permissions === 'string')
      fail(`ci.yaml: job ${id} uses ${job.permissions}`);
    for (const step of job.steps) {
      if (step.run !== undefined) {
        allRuns.push(step.run);
        if (step.run.includes('${{'))
          fail(`ci.yaml: job ${id} interpolates an expression in run:`);
      }
    }
  }
  checkCiIdentity(workflow, fail);
  const everything = allRuns.join('\n');
  const usesList = Object.values(jobs).flatMap(job =>
    job.steps.map(step => step.uses ?? ''),
  );
  const expectations = [
    ['secret scanning (gitleaks)', /gitleaks.* git /.test(everything)],
    [
      'dependency scanning (osv-scanner)',
      /osv-scanner" scan source/.test(everything),
    ],
    [
      'SAST (CodeQL)',
      usesList.some(uses => uses.startsWith('github/codeql-action/analyze@')),
    ],
    ['SBOM (CycloneDX)', text.includes('format: cyclonedx-json')],
    ['image signing (cosign)', /cosign sign /.test(everything)],
    [
      'provenance',
      usesList.some(uses =>
        uses.startsWith('actions/attest-build-provenance@'),
      ),
    ],
    [
      'report upload',
      /npx @golden-path\/cli upload --entity "\$ENTITY_REF"/.test(everything),
    ],
  ];
  for (const [what, present] of expectations) {
    if (!present) fail(`ci.yaml: no ${what}`);
  }
  const deploy = jobs.deploy;
  if (!deploy) {
    fail('ci.yaml: no deploy job');
  } else {
    const runs = deploy.steps
      .filter(step => step.run !== undefined)
      .map(step => step.run ?? '');
    if (!/^npx @golden-path\/cli gate --entity /.test(runs[0] ?? '')) {
      fail(
        'ci.yaml: the deploy job does not ask the gate before anything else',
      );
    }
  }
}

/** A shell script that runs the golden-path CLI (npx @golden-path/cli, or golden-path installed). */
const RUNS_CLI =
  /@golden-path\/cli\b|(?:^|[\s;&|(])golden-path\s+(?:upload|gate|policy|upgrade-run)\b/m;
/** A reference to a stored GOLDEN_PATH_TOKEN secret (secrets.X or secrets['X']). */
const TOKEN_SECRET =
  /\bsecrets\s*(?:\.\s*GOLDEN_PATH_TOKEN\b|\[\s*['"]GOLDEN_PATH_TOKEN['"]\s*\])/i;
/** Jobs that need an identity token for something else: keyless signing, provenance. */
const SIGNS = /\bcosign\s+sign\b/;
const ATTESTS = /^actions\/attest(?:-build-provenance)?@/;

/**
 * The posture backend is reached with the job's OIDC identity token, never a stored secret: every
 * job that runs the golden-path CLI has `id-token: write` (and nothing beyond `contents: read`),
 * no job that neither runs the CLI nor signs asks for an identity token, and no GOLDEN_PATH_TOKEN
 * secret (or `--token`) is used anywhere.
 *
 * @param {Record<string, any>} workflow
 * @param {(message: string) => void} fail
 */
function checkCiIdentity(workflow, fail) {
  /** @param {unknown} value @param {string} where */
  const walk = (value, where) => {
    if (typeof value === 'string') {
      if (TOKEN_SECRET.test(value))
        fail(`ci.yaml: ${where} references the GOLDEN_PATH_TOKEN secret`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${where}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'GOLDEN_PATH_TOKEN') {
          fail(
            `ci.yaml: ${where} sets GOLDEN_PATH_TOKEN, a stored token (use the job's identity token)`,
          );
        } else {
          walk(item, `${where}.${key}`);
        }
      }
    }
  };
  walk(workflow, 'workflow');
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    /** @type {{ run?: unknown, uses?: unknown }[]} */
    const steps = Array.isArray(job?.steps) ? job.steps : [];
    const runs = steps
      .map(step => step?.run)
      .filter(run => typeof run === 'string');
    const cliRuns = runs.filter(run => RUNS_CLI.test(run));
    const permissions =
      job?.permissions && typeof job.permissions === 'object'
        ? /** @type {Record<string, unknown>} */ (job.permissions)
        : {};
    const idToken = permissions['id-token'] === 'write';
    if (cliRuns.length > 0) {
      if (!idToken) {
        fail(
          `ci.yaml: job ${id} runs the golden-path CLI without permissions id-token: write`,
        );
      }
      const extra = Object.entries(permissions).filter(
        ([scope, level]) =>
          !(scope === 'contents' && level === 'read') &&
          !(scope === 'id-token' && level === 'write') &&
          level !== 'none',
      );
      if (extra.length > 0) {
        fail(
          `ci.yaml: job ${id} runs the golden-path CLI with more than contents: read and id-token: write (${extra
            .map(([scope, level]) => `${scope}: ${level}`)
            .join(', ')})`,
        );
      }
      if (cliRuns.some(run => /\s--token\b/.test(run))) {
        fail(`ci.yaml: job ${id} passes --token to the golden-path CLI`);
      }
    } else if (
      idToken &&
      !runs.some(run => SIGNS.test(run)) &&
      !steps.some(step => ATTESTS.test(String(step?.uses ?? '')))
    ) {
      fail(
        `ci.yaml: job ${id} asks for id-token: write but neither runs the golden-path CLI nor signs`,
      );
    }
  }
}

/**
 * @param {string} text
 * @param {(message: string) => void} fail
 */
function checkDockerfile(text, fail) {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  const instructions = lines.map(line => line.split(/\s+/)[0].toUpperCase());
  const froms = lines.filter(line => /^FROM\s/i.test(line));
  const stages = new Set();
  if (froms.length < 2) fail('Dockerfile is not multi-stage');
  for (const from of froms) {
    const [, image, , stage] = from.split(/\s+/);
    if (!stages.has(image) && !DIGEST.test(image))
      fail(`Dockerfile: ${image} not pinned by digest`);
    if (stage) stages.add(stage);
  }
  if (instructions.includes('ADD')) fail('Dockerfile uses ADD');
  if (!instructions.includes('HEALTHCHECK'))
    fail('Dockerfile has no HEALTHCHECK');
  const users = lines.filter(line => /^USER\s/i.test(line));
  const lastUser = users.at(-1)?.split(/\s+/)[1] ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(lastUser))
    fail(`Dockerfile final USER is not numeric non-root: ${lastUser}`);
  const finalStage = lines.slice(lines.lastIndexOf(froms.at(-1) ?? ''));
  if (!finalStage.some(line => /^USER\s/i.test(line)))
    fail('Dockerfile final stage sets no USER');
  for (const line of lines.filter(l => /^(ARG|ENV)\s/i.test(l))) {
    if (/(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE)/i.test(line)) {
      fail(`Dockerfile passes a secret-like value: ${line}`);
    }
  }
}

/**
 * @param {Record<string, any>[]} docs
 * @param {(message: string) => void} fail
 */
function checkManifests(docs, fail) {
  const byKind = (/** @type {string} */ kind) =>
    docs.filter(doc => doc?.kind === kind);
  const [deployment] = byKind('Deployment');
  if (!deployment) {
    fail('k8s: no Deployment');
    return;
  }
  const pod = deployment.spec.template.spec;
  const serviceAccount = byKind('ServiceAccount').find(
    sa => sa.metadata.name === pod.serviceAccountName,
  );
  if (!serviceAccount)
    fail('k8s: the pod does not use a dedicated ServiceAccount');
  else if (serviceAccount.automountServiceAccountToken !== false) {
    fail('k8s: ServiceAccount mounts its token');
  }
  if (pod.automountServiceAccountToken !== false)
    fail('k8s: pod mounts the token');
  if (pod.securityContext?.runAsNonRoot !== true)
    fail('k8s: pod runAsNonRoot is not true');
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
    fail('k8s: pod seccomp not RuntimeDefault');
  const emptyDirs = new Set(
    (pod.volumes ?? []).filter(v => v.emptyDir).map(v => v.name),
  );
  const ports = [];
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const where = `k8s: container ${container.name}`;
    const sc = container.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false)
      fail(`${where} allows privilege escalation`);
    if (sc.readOnlyRootFilesystem !== true)
      fail(`${where} root filesystem is writable`);
    if (JSON.stringify(sc.capabilities?.drop) !== '["ALL"]')
      fail(`${where} does not drop ALL capabilities`);
    if (sc.runAsNonRoot === false || (sc.runAsUser ?? 1) === 0)
      fail(`${where} may run as root`);
    if (sc.privileged === true) fail(`${where} is privileged`);
    if (!DIGEST.test(container.image ?? ''))
      fail(`${where} image not by digest`);
    for (const kind of ['requests', 'limits']) {
      if (
        !container.resources?.[kind]?.cpu ||
        !container.resources?.[kind]?.memory
      ) {
        fail(`${where} lacks cpu/memory ${kind}`);
      }
    }
    if (!container.livenessProbe || !container.readinessProbe)
      fail(`${where} lacks probes`);
    const tmp = (container.volumeMounts ?? []).find(
      m => m.mountPath === '/tmp',
    );
    if (!tmp || !emptyDirs.has(tmp.name))
      fail(`${where} has no emptyDir at /tmp`);
    ports.push(...(container.ports ?? []).map(p => p.containerPort));
  }
  const policies = byKind('NetworkPolicy');
  const denyAll = policies.some(
    p =>
      p.spec.policyTypes?.includes('Ingress') &&
      p.spec.policyTypes?.includes('Egress') &&
      !p.spec.ingress &&
      !p.spec.egress,
  );
  if (!denyAll) fail('k8s: no default-deny NetworkPolicy');
  const allowed = policies.flatMap(p =>
    (p.spec.ingress ?? []).flatMap(rule => rule.ports ?? []),
  );
  if (!ports.every(port => allowed.some(a => a.port === port)))
    fail('k8s: service port not explicitly allowed');
  const egress = policies.flatMap(p =>
    (p.spec.egress ?? []).flatMap(rule => rule.ports ?? []),
  );
  if (!egress.some(p => p.port === 53)) fail('k8s: DNS egress not allowed');
}

const OWNERSHIP_CLASSES = new Set(['managed', 'merged', 'seeded']);

/**
 * Converts an ownership glob (`*` within a path segment, `**` across segments) to a RegExp.
 *
 * @param {string} glob
 * @returns {RegExp}
 */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (ch === '*') {
      source += '[^/]*';
    } else {
      source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Checks a template folder: ownership.yaml classifies every skeleton file, and CHANGELOG.md
 * has a dated entry with security-tagged lines.
 *
 * @param {string} templateDir e.g. templates/node-service
 * @returns {string[]} Failed rules, empty when all pass.
 */
export function checkTemplate(templateDir) {
  /** @type {string[]} */
  const failures = [];
  const ownership = parse(
    readFileSync(join(templateDir, 'ownership.yaml'), 'utf8'),
  );
  const rules = Object.entries(ownership ?? {}).map(([glob, cls]) => {
    if (!OWNERSHIP_CLASSES.has(String(cls))) {
      failures.push(`ownership.yaml: ${glob} has unknown class ${cls}`);
    }
    return { glob, pattern: globToRegExp(glob) };
  });
  const skeleton = join(templateDir, 'skeleton');
  for (const path of listFiles(skeleton)) {
    const rel = relative(skeleton, path);
    if (!rules.some(rule => rule.pattern.test(rel))) {
      failures.push(`ownership.yaml: no class for ${rel}`);
    }
  }
  const changelog = readFileSync(join(templateDir, 'CHANGELOG.md'), 'utf8');
  if (!/^## \d+\.\d+\.\d+ - \d{4}-\d{2}-\d{2}$/m.test(changelog)) {
    failures.push('CHANGELOG.md has no "## x.y.z - YYYY-MM-DD" entry');
  }
  if (!/^- \[security\] /m.test(changelog)) {
    failures.push('CHANGELOG.md has no [security] entry');
  }
  return failures;
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === '--template'
) {
  const failures = checkTemplate(process.argv[3] ?? '');
  for (const failure of failures) console.log(`  FAIL ${failure}`);
  console.log(
    `template checks: ${
      failures.length === 0 ? 'all passed' : `${failures.length} failed`
    }`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const [root, ecosystem, forbidden] = process.argv.slice(2);
  if (!root || !ecosystem) {
    console.error(
      'usage: check.mjs <generatedDir> <languageEcosystem> [forbiddenText]',
    );
    process.exit(2);
  }
  const failures = checkGenerated(root, ecosystem, forbidden ?? '');
  for (const failure of failures) console.log(`  FAIL ${failure}`);
  console.log(
    `checks: ${
      failures.length === 0 ? 'all passed' : `${failures.length} failed`
    }`,
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}
