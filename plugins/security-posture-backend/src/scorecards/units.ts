import { ScorecardGroupBy } from '@golden-path/plugin-security-posture-common';
import { OrgModel } from '../catalog/CatalogFacts';

/** One row of a scorecard before it is rolled up: a group, system or domain and its components. @internal */
export interface RollUpUnit {
  entityRef: string;
  title: string;
  parentRef: string | null;
  childRefs: string[];
  componentRefs: string[];
}

/**
 * The units of a scorecard: owning groups (a group includes its sub-groups' components),
 * systems, or domains, each with the components it rolls up.
 *
 * @internal
 */
export function rollUpUnits(
  groupBy: ScorecardGroupBy,
  org: OrgModel,
  components: OrgModel['components'],
): RollUpUnit[] {
  const byOwner = new Map<string, string[]>();
  const bySystem = new Map<string, string[]>();
  const byDomain = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string | null, ref: string) => {
    if (!k) return;
    const refs = m.get(k);
    if (refs) refs.push(ref);
    else m.set(k, [ref]);
  };
  for (const c of components) {
    push(byOwner, c.ownerRef, c.entityRef);
    push(bySystem, c.systemRef, c.entityRef);
    push(byDomain, c.domainRef, c.entityRef);
  }
  if (groupBy === 'owner') {
    // each group's subtree once, sorted once (memoised); a cycle in the catalog's parent
    // relations ends where it comes back, and what was computed across a cut is not reused,
    // since it depends on where the walk entered the cycle
    const subtrees = new Map<string, string[]>();
    let cuts = 0;
    const subtree = (ref: string, path: Set<string>): string[] => {
      const done = subtrees.get(ref);
      if (done) return done;
      if (path.has(ref)) {
        cuts += 1;
        return [];
      }
      const cutsBefore = cuts;
      path.add(ref);
      const refs = new Set(byOwner.get(ref) ?? []);
      for (const child of org.groups.get(ref)?.childRefs ?? []) {
        for (const r of subtree(child, path)) refs.add(r);
      }
      path.delete(ref);
      const sorted = [...refs].sort();
      if (cuts === cutsBefore) subtrees.set(ref, sorted);
      return sorted;
    };
    return [...org.groups].map(([ref, g]) => ({
      entityRef: ref,
      title: g.title,
      parentRef: g.parentRef,
      childRefs: [...g.childRefs].sort(),
      componentRefs: subtree(ref, new Set()),
    }));
  }
  if (groupBy === 'system') {
    return [...org.systems].map(([ref, s]) => ({
      entityRef: ref,
      title: s.title,
      parentRef: s.domainRef,
      childRefs: [],
      componentRefs: (bySystem.get(ref) ?? []).sort(),
    }));
  }
  return [...org.domains].map(([ref, d]) => ({
    entityRef: ref,
    title: d.title,
    parentRef: null,
    childRefs: [...org.systems]
      .filter(([, s]) => s.domainRef === ref)
      .map(([r]) => r)
      .sort(),
    componentRefs: (byDomain.get(ref) ?? []).sort(),
  }));
}
