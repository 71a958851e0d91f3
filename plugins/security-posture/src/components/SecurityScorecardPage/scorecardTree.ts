import { ScorecardRow } from '@golden-path/plugin-security-posture-common';

/** One line of the scorecard as shown: a roll-up row, or a component under its unit. */
export type VisibleLine =
  | {
      type: 'unit';
      key: string;
      depth: number;
      row: ScorecardRow;
      expandable: boolean;
      expanded: boolean;
    }
  | { type: 'component'; key: string; depth: number; entityRef: string };

/**
 * The roll-up rows of one scorecard as a forest: a row's children are the rows named in its
 * `childRefs` (sub-teams), then the components it owns directly (its `componentRefs` minus those
 * of its child rows, since a team's roll-up includes its sub-teams' components).
 */
export class ScorecardTree {
  private readonly byRef: Map<string, ScorecardRow>;

  constructor(readonly rows: ScorecardRow[]) {
    this.byRef = new Map(rows.map(row => [row.entityRef, row]));
  }

  /** Child rows of a row, sorted by title. */
  childRows(row: ScorecardRow): ScorecardRow[] {
    return row.childRefs
      .filter(ref => ref !== row.entityRef)
      .map(ref => this.byRef.get(ref))
      .filter((child): child is ScorecardRow => Boolean(child))
      .sort(byTitle);
  }

  /** Components of a row that none of its child rows includes, sorted. */
  directComponents(row: ScorecardRow): string[] {
    const inChildren = new Set(
      this.childRows(row).flatMap(child => child.componentRefs),
    );
    return row.componentRefs.filter(ref => !inChildren.has(ref)).sort();
  }

  /**
   * The top rows: those without a parent among the rows, or, when `only` is given (lower-case
   * entity refs), the rows in `only` that have no ancestor in `only` (so a team and its
   * sub-team are not listed twice).
   */
  roots(only?: ReadonlySet<string>): ScorecardRow[] {
    const inOnly = (ref: string) =>
      !only || only.has(ref.toLocaleLowerCase('en-US'));
    return this.rows
      .filter(row => inOnly(row.entityRef))
      .filter(row => !this.hasAncestor(row, inOnly))
      .sort(byTitle);
  }

  /** The lines shown for the given roots and expanded rows, depth first. */
  visibleLines(
    roots: ScorecardRow[],
    expanded: ReadonlySet<string>,
  ): VisibleLine[] {
    const lines: VisibleLine[] = [];
    const visit = (row: ScorecardRow, depth: number, path: Set<string>) => {
      const children = this.childRows(row).filter(
        child => !path.has(child.entityRef),
      );
      const components = this.directComponents(row);
      const isExpanded = expanded.has(row.entityRef);
      lines.push({
        type: 'unit',
        key: [...path, row.entityRef].join('>'),
        depth,
        row,
        expandable: children.length > 0 || components.length > 0,
        expanded: isExpanded,
      });
      if (!isExpanded) {
        return;
      }
      const nextPath = new Set(path).add(row.entityRef);
      for (const child of children) {
        visit(child, depth + 1, nextPath);
      }
      for (const entityRef of components) {
        lines.push({
          type: 'component',
          key: [...nextPath, entityRef].join('>'),
          depth: depth + 1,
          entityRef,
        });
      }
    };
    for (const root of roots) {
      visit(root, 0, new Set());
    }
    return lines;
  }

  /** Whether a row has an ancestor that matches; a row on a parent cycle has none. */
  private hasAncestor(
    row: ScorecardRow,
    matches: (ref: string) => boolean,
  ): boolean {
    const ancestors: string[] = [];
    let parentRef = row.parentRef;
    while (parentRef && this.byRef.has(parentRef)) {
      if (parentRef === row.entityRef) {
        return false;
      }
      if (ancestors.includes(parentRef)) {
        break;
      }
      ancestors.push(parentRef);
      parentRef = this.byRef.get(parentRef)!.parentRef;
    }
    return ancestors.some(matches);
  }
}

function byTitle(a: ScorecardRow, b: ScorecardRow): number {
  return (
    a.title.localeCompare(b.title) || a.entityRef.localeCompare(b.entityRef)
  );
}
