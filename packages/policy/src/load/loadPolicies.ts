import fs from 'node:fs/promises';
import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { CelCompileError, compileExpression } from '../cel/compile';
import { policyDocumentSchema } from '../schema';
import type { PolicyDocument } from '../schema';
import type { ControlReference } from '../controls';
import type { Policy, PolicyRule, PolicyTarget } from '../types';

/** The variables each target's expressions may use. */
const TARGET_VARIABLES: Record<
  PolicyTarget,
  { all: string[]; perFile: string[] }
> = {
  workspace: { all: ['workspace'], perFile: ['file'] },
  posture: { all: ['component', 'posture', 'inventory'], perFile: [] },
};

/** Largest policy file accepted, in bytes. */
const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/**
 * One problem found while loading policies.
 *
 * @public
 */
export interface PolicyLoadProblem {
  file: string;
  line: number;
  message: string;
}

/**
 * Thrown by {@link loadPolicies} with every problem found, each with its file and line.
 *
 * @public
 */
export class PolicyLoadError extends Error {
  readonly problems: PolicyLoadProblem[];

  constructor(problems: PolicyLoadProblem[]) {
    super(
      `invalid policies:\n${problems
        .map(p => `  ${p.file}:${p.line}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'PolicyLoadError';
    this.problems = problems;
  }
}

function keyOffset(node: YamlNode | undefined, key: string | undefined) {
  if (!node || key === undefined || !isMap(node)) return undefined;
  const pair = node.items.find(
    p => isPair(p) && isScalar(p.key) && p.key.value === key,
  );
  return (pair?.key as YamlNode | undefined)?.range?.[0];
}

/**
 * The line of the node at a path (or of `key` inside it), falling back to the nearest
 * ancestor that exists.
 */
function lineOfPath(
  doc: Document,
  counter: LineCounter,
  pathParts: readonly PropertyKey[],
  key?: string,
): number {
  for (let depth = pathParts.length; depth >= 0; depth--) {
    const node = doc.getIn(pathParts.slice(0, depth) as unknown[], true) as
      | YamlNode
      | undefined;
    const offset =
      (depth === pathParts.length ? keyOffset(node, key) : undefined) ??
      node?.range?.[0];
    if (offset !== undefined) return counter.linePos(offset).line;
  }
  return 1;
}

function compileRules(
  parsed: PolicyDocument,
  doc: Document,
  counter: LineCounter,
  file: string,
  problems: PolicyLoadProblem[],
): PolicyRule[] {
  const vars = TARGET_VARIABLES[parsed.spec.target];
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  parsed.spec.rules.forEach((rule, index) => {
    if (seen.has(rule.id)) {
      problems.push({
        file,
        line: lineOfPath(doc, counter, ['spec', 'rules', index, 'id']),
        message: `duplicate rule id '${rule.id}'`,
      });
    }
    seen.add(rule.id);
    let files: string[] | undefined;
    if (typeof rule.files === 'string') files = [rule.files];
    else if (rule.files) files = rule.files;
    if (files && parsed.spec.target !== 'workspace') {
      problems.push({
        file,
        line: lineOfPath(doc, counter, ['spec', 'rules', index, 'files']),
        message: '`files` only applies to workspace policies',
      });
    }
    for (const glob of files ?? []) {
      if (path.isAbsolute(glob) || glob.split('/').includes('..')) {
        problems.push({
          file,
          line: lineOfPath(doc, counter, ['spec', 'rules', index, 'files']),
          message: `file glob '${glob}' must stay inside the workspace`,
        });
      }
    }
    const kind = rule.expression !== undefined ? 'expression' : 'violations';
    const text = (rule.expression ?? rule.violations) as string;
    const names = files ? [...vars.all, ...vars.perFile] : vars.all;
    try {
      const evaluate = compileExpression(text, names);
      const compiled: PolicyRule = {
        id: rule.id,
        title: rule.title,
        severity: rule.severity,
        fix: rule.fix,
        source: { kind, text },
        evaluate,
      };
      if (files) compiled.files = files;
      if (rule.message) compiled.message = rule.message;
      rules.push(compiled);
    } catch (e) {
      if (!(e instanceof CelCompileError)) throw e;
      problems.push({
        file,
        line: lineOfPath(doc, counter, ['spec', 'rules', index, kind]),
        message: `rule '${rule.id}': ${e.message}`,
      });
    }
  });
  return rules;
}

/** The controls of a policy, each once, in the order written. */
function dedupeControls(controls: ControlReference[]): ControlReference[] {
  const seen = new Set<string>();
  return controls.filter(c => {
    const key = `${c.framework}:${c.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parses and validates the policies in one YAML text (one policy per document).
 *
 * @public
 */
export function parsePolicies(text: string, file: string): Policy[] {
  const problems: PolicyLoadProblem[] = [];
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: counter,
    prettyErrors: false,
  });
  if (!Array.isArray(docs)) return [];
  const policies: Policy[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        problems.push({
          file,
          line: counter.linePos(err.pos[0]).line,
          message: `YAML syntax error: ${err.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    if (doc.contents === null) continue;
    const result = policyDocumentSchema.safeParse(
      doc.toJS({ maxAliasCount: 50 }),
    );
    if (!result.success) {
      for (const issue of result.error.issues) {
        const keys = 'keys' in issue ? (issue.keys as string[]) : undefined;
        const where = issue.path.length ? issue.path.join('.') : '(document)';
        problems.push({
          file,
          line: lineOfPath(doc, counter, issue.path, keys?.[0]),
          message: `${where}: ${issue.message}`,
        });
      }
      continue;
    }
    const parsed = result.data;
    const rules = compileRules(parsed, doc, counter, file, problems);
    const policy: Policy = {
      name: parsed.metadata.name,
      description: parsed.metadata.description,
      target: parsed.spec.target,
      mode: parsed.spec.mode,
      rules,
      controls: dedupeControls(parsed.spec.controls ?? []),
      file,
    };
    if (parsed.spec.scope) policy.scope = parsed.spec.scope;
    policies.push(policy);
  }
  if (problems.length > 0) throw new PolicyLoadError(problems);
  return policies;
}

async function listPolicyFiles(dirOrFiles: string | readonly string[]) {
  if (typeof dirOrFiles !== 'string') return [...dirOrFiles];
  const stat = await fs.stat(dirOrFiles);
  if (!stat.isDirectory()) return [dirOrFiles];
  const entries = await fs.readdir(dirOrFiles, { withFileTypes: true });
  return entries
    .filter(e => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/.test(e.name))
    .map(e => path.join(dirOrFiles, e.name))
    .sort();
}

/**
 * Loads and validates policies from a directory (every `*.yaml`/`*.yml` in it) or a list of
 * files. Every problem (YAML syntax, unknown or invalid fields, CEL syntax, unknown
 * identifiers, expressions over the limits, duplicate names) is reported with its file and
 * line in one {@link PolicyLoadError}.
 *
 * @public
 */
export async function loadPolicies(
  dirOrFiles: string | readonly string[],
): Promise<Policy[]> {
  const files = await listPolicyFiles(dirOrFiles);
  const problems: PolicyLoadProblem[] = [];
  const policies: Policy[] = [];
  for (const file of files) {
    const stat = await fs.lstat(file);
    if (!stat.isFile()) {
      problems.push({
        file,
        line: 1,
        message: 'not a regular file (symlinks are refused)',
      });
      continue;
    }
    if (stat.size > MAX_POLICY_FILE_BYTES) {
      problems.push({
        file,
        line: 1,
        message: `larger than ${MAX_POLICY_FILE_BYTES} bytes`,
      });
      continue;
    }
    try {
      policies.push(...parsePolicies(await fs.readFile(file, 'utf8'), file));
    } catch (e) {
      if (!(e instanceof PolicyLoadError)) throw e;
      problems.push(...e.problems);
    }
  }
  const names = new Map<string, string>();
  for (const policy of policies) {
    const other = names.get(policy.name);
    if (other) {
      problems.push({
        file: policy.file,
        line: 1,
        message: `policy name '${policy.name}' is also used in ${other}`,
      });
    }
    names.set(policy.name, policy.file);
  }
  if (problems.length > 0) throw new PolicyLoadError(problems);
  return policies;
}
