import {
  BUILTIN_POSTURE_POLICIES_DIR,
  evaluatePosture,
  loadBuiltinPosturePolicies,
  loadPolicies,
  parsePolicies,
  Policy,
  PolicyResult,
  PostureInventory,
} from '@golden-path/policy';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ComponentPackageRow } from '../inventory/InventoryStore';
import { DEFAULT_COPYLEFT_LICENCES } from '../inventory/licences';
import { inventoryFacts } from './inventoryFacts';

/**
 * The label of the set's one source that is not a policy file: the copyleft licences
 * (`securityPosture.policies.copyleftLicenses`, JSON), so that they are part of the digest and
 * every replica evaluates with the list of the set it follows.
 */
const COPYLEFT_SOURCE = 'securityPosture.policies.copyleftLicenses';

/** The policy part of a posture, as stored and served. @internal */
export interface PolicyEvaluation {
  evaluatedAt: string;
  /** The names of the policies that applied to the component. */
  policies: string[];
  violations: Omit<PolicyResult, 'file' | 'line'>[];
  /** Which policy set produced it: a changed policy file makes stored evaluations stale. */
  digest?: string;
}

const MODE_ORDER = { enforce: 0, warn: 1, log: 2 } as const;
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/**
 * One policy file as every replica can read it: a label (the built-in files by package path, the
 * others by the path configured) and its YAML text.
 *
 * @internal
 */
export interface PolicySource {
  file: string;
  content: string;
}

/** The policy set's identity: its files' labels and texts, so the same files give the same digest on every host. */
/**
 * What a posture policy rule sees of a component (`component`, `posture`, `inventory`): exactly
 * what the API serves (evaluatePosture takes the JSON form of the data, undefined left out,
 * without a JSON round trip here), its policy result left out. Campaign goals see the same.
 *
 * @internal
 */
export function policyInput(
  posture: Posture,
  inventory: PostureInventory | undefined,
) {
  return {
    component: {
      entityRef: posture.entityRef,
      kind: 'component',
      tier: posture.tier,
      lifecycle: posture.lifecycle,
      owner: posture.owner,
      system: posture.system,
      domain: posture.domain,
    },
    posture: { ...posture, policy: undefined },
    inventory,
  };
}

function digestOf(sources: PolicySource[]): string {
  const hash = createHash('sha256');
  for (const source of sources) {
    hash.update(source.file).update('\0').update(source.content).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function checkPostureSet(policies: Policy[]): void {
  const names = new Set<string>();
  for (const p of policies) {
    if (p.target !== 'posture') {
      throw new Error(
        `${p.file}: policy '${p.name}' has target ${p.target}; securityPosture.policies holds posture policies`,
      );
    }
    if (names.has(p.name)) {
      throw new Error(
        `${p.file}: a policy named '${p.name}' is already loaded`,
      );
    }
    names.add(p.name);
  }
}

/**
 * A set of posture policies (the built-in ones of `@golden-path/policy`, plus the directories in
 * `securityPosture.policies.directories`), evaluated over a served posture.
 *
 * @internal
 */
export class PosturePolicies {
  private constructor(
    readonly policies: Policy[],
    readonly sources: PolicySource[],
    readonly digest: string,
    /** SPDX ids or prefixes ending in `*` that the policies see as copyleft. */
    readonly copyleftLicenses: readonly string[] = DEFAULT_COPYLEFT_LICENCES,
  ) {}

  /**
   * Loads every policy from disk; a syntax error, an unknown field, an unknown identifier or an
   * expression over the cost limits stops start-up with its file and line (PolicyLoadError).
   */
  static async load(options: {
    builtin: boolean;
    directories: string[];
    /** Default: {@link DEFAULT_COPYLEFT_LICENCES}. */
    copyleftLicenses?: readonly string[];
  }): Promise<PosturePolicies> {
    const policies: Policy[] = [];
    if (options.builtin) policies.push(...(await loadBuiltinPosturePolicies()));
    for (const dir of options.directories) {
      policies.push(...(await loadPolicies(dir)));
    }
    checkPostureSet(policies);
    const sources: PolicySource[] = [];
    for (const file of new Set(policies.map(p => p.file))) {
      const builtin = path.relative(BUILTIN_POSTURE_POLICIES_DIR, file);
      sources.push({
        file:
          builtin.startsWith('..') || path.isAbsolute(builtin)
            ? file
            : `@golden-path/policy/policies/posture/${builtin}`,
        content: await fs.readFile(file, 'utf8'),
      });
    }
    const copyleft = [
      ...(options.copyleftLicenses ?? DEFAULT_COPYLEFT_LICENCES),
    ];
    sources.push({ file: COPYLEFT_SOURCE, content: JSON.stringify(copyleft) });
    return new PosturePolicies(policies, sources, digestOf(sources), copyleft);
  }

  /** The set another replica published (its files' texts and copyleft licences), parsed here. */
  static fromSources(sources: PolicySource[]): PosturePolicies {
    let copyleft: string[] = [...DEFAULT_COPYLEFT_LICENCES];
    const files: PolicySource[] = [];
    for (const source of sources) {
      if (source.file !== COPYLEFT_SOURCE) {
        files.push(source);
        continue;
      }
      const list = JSON.parse(source.content);
      if (!Array.isArray(list) || list.some(l => typeof l !== 'string')) {
        throw new Error(`${COPYLEFT_SOURCE}: not a list of licence ids`);
      }
      copyleft = list;
    }
    const policies = files.flatMap(s => parsePolicies(s.content, s.file));
    checkPostureSet(policies);
    return new PosturePolicies(policies, sources, digestOf(sources), copyleft);
  }

  static of(policies: Policy[], digest = 'test'): PosturePolicies {
    return new PosturePolicies(policies, [], digest);
  }

  /**
   * Whether a policy that applies to the posture's component reads `inventory` (so the caller
   * need not read a component's inventory for nothing: a tier 2 service under the built-in set).
   */
  needsInventory(posture: Posture): boolean {
    const subject = {
      tier: posture.tier ?? undefined,
      kind: 'component',
      system: posture.system ?? undefined,
    };
    return this.policies.some(
      p =>
        appliesTo(p, subject) &&
        p.rules.some(r => /\binventory\b/.test(r.source.text)),
    );
  }

  /**
   * Evaluates every applicable policy over a posture (deterministic order of violations), with
   * the licence facts of the component's inventory: of its `packages` (none when not given), or
   * those facts as {@link inventoryFacts} gave them with {@link PosturePolicies.copyleftLicenses}.
   */
  evaluate(
    posture: Posture,
    now: string,
    inventory: ComponentPackageRow[] | PostureInventory = [],
  ): PolicyEvaluation {
    const subject = {
      tier: posture.tier ?? undefined,
      kind: 'component',
      system: posture.system ?? undefined,
    };
    const input = policyInput(
      posture,
      Array.isArray(inventory)
        ? inventoryFacts(inventory, this.copyleftLicenses)
        : inventory,
    );
    // a scoped policy applies only to components that have the scoped attribute
    const applied = this.policies.filter(p => appliesTo(p, subject));
    const violations = evaluatePosture(applied, input, subject)
      .map(({ file: _f, line: _l, ...rest }) => rest)
      .sort(
        (a, b) =>
          MODE_ORDER[a.mode] - MODE_ORDER[b.mode] ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          a.policy.localeCompare(b.policy) ||
          a.rule.localeCompare(b.rule) ||
          a.message.localeCompare(b.message),
      );
    return {
      evaluatedAt: now,
      policies: applied.map(p => p.name).sort(),
      violations,
      digest: this.digest,
    };
  }
}

function appliesTo(
  policy: Policy,
  subject: { tier?: number; kind?: string; system?: string },
): boolean {
  const scope = policy.scope;
  if (!scope) return true;
  if (scope.tiers && !(subject.tier && scope.tiers.includes(subject.tier))) {
    return false;
  }
  if (scope.kinds && !(subject.kind && scope.kinds.includes(subject.kind))) {
    return false;
  }
  if (
    scope.systems &&
    !(subject.system && scope.systems.includes(subject.system))
  ) {
    return false;
  }
  return true;
}
