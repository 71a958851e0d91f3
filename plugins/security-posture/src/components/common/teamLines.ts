/**
 * Teams as a tree to draw as indented lines: each root (a team whose parent is not listed),
 * then its sub-teams depth-first, in the order given. A team listed twice or in a cycle is drawn
 * once.
 */
export function teamLines<T extends { ref: string; parentRef: string | null }>(
  teams: T[],
): { team: T; depth: number }[] {
  const refs = new Set(teams.map(t => t.ref));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const team of teams) {
    if (team.parentRef && refs.has(team.parentRef)) {
      if (!children.has(team.parentRef)) children.set(team.parentRef, []);
      children.get(team.parentRef)!.push(team);
    } else {
      roots.push(team);
    }
  }
  const lines: { team: T; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (team: T, depth: number) => {
    if (seen.has(team.ref)) return;
    seen.add(team.ref);
    lines.push({ team, depth });
    for (const child of children.get(team.ref) ?? []) walk(child, depth + 1);
  };
  roots.forEach(root => walk(root, 0));
  return lines;
}
