import { parseEntityRef } from '@backstage/catalog-model';
import { OrgModel } from './CatalogFacts';

/** What a roll-up knows of a group when it first meets it. @internal */
export interface RolledUpGroup {
  ref: string;
  title: string;
  parentRef: string | null;
  email: string | null;
}

/**
 * Counts components by owning team, rolled up through nested groups: `count(team, component,
 * true)` once for the component's own owner, and `count(team, component, false)` for the owner and
 * every group above it (a cycle in the catalog's groups is walked once). Teams are made by
 * `create` the first time they are met; a component without an owner counts for none.
 *
 * @internal
 */
export function rollUpByOwner<C extends { ownerRef: string | null }, T>(
  components: C[],
  org: OrgModel,
  create: (group: RolledUpGroup) => T,
  count: (team: T, component: C, own: boolean) => void,
): T[] {
  const teams = new Map<string, T>();
  const teamOf = (ref: string): T => {
    let team = teams.get(ref);
    if (team === undefined) {
      const group = org.groups.get(ref);
      team = create({
        ref,
        title: group?.title ?? parseEntityRef(ref).name,
        parentRef: group?.parentRef ?? null,
        email: group?.email ?? null,
      });
      teams.set(ref, team);
    }
    return team;
  };
  for (const c of components) {
    if (!c.ownerRef) continue;
    count(teamOf(c.ownerRef), c, true);
    const seen = new Set<string>();
    for (
      let ref: string | null = c.ownerRef;
      ref && !seen.has(ref);
      ref = org.groups.get(ref)?.parentRef ?? null
    ) {
      seen.add(ref);
      count(teamOf(ref), c, false);
    }
  }
  return [...teams.values()];
}
