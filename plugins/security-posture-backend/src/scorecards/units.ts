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
  for (const c of components) {
    const push = (m: Map<string, string[]>, k: string | null) => {
      if (k) m.set(k, [...(m.get(k) ?? []), c.entityRef]);
    };
    push(byOwner, c.ownerRef);
    push(bySystem, c.systemRef);
    push(byDomain, c.domainRef);
  }
  if (groupBy === 'owner') {
    const subtree = (ref: string, seen = new Set<string>()): string[] => {
      if (seen.has(ref)) return [];
      seen.add(ref);
      const own = byOwner.get(ref) ?? [];
      const children = org.groups.get(ref)?.childRefs ?? [];
      return [...own, ...children.flatMap(child => subtree(child, seen))];
    };
    return [...org.groups].map(([ref, g]) => ({
      entityRef: ref,
      title: g.title,
      parentRef: g.parentRef,
      childRefs: [...g.childRefs].sort(),
      componentRefs: [...new Set(subtree(ref))].sort(),
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
