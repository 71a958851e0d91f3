import { makeRow } from '../../__testUtils__/fixtures';
import { ScorecardTree } from './scorecardTree';

const engineering = makeRow({
  entityRef: 'group:default/engineering',
  title: 'Engineering',
  childRefs: ['group:default/payments', 'group:default/search'],
  componentRefs: [
    'component:default/checkout',
    'component:default/payments-api',
    'component:default/platform-tools',
    'component:default/search-api',
  ],
});
const payments = makeRow({
  entityRef: 'group:default/payments',
  title: 'Payments',
  parentRef: 'group:default/engineering',
  componentRefs: [
    'component:default/checkout',
    'component:default/payments-api',
  ],
});
const search = makeRow({
  entityRef: 'group:default/search',
  title: 'Search',
  parentRef: 'group:default/engineering',
  componentRefs: ['component:default/search-api'],
});
const security = makeRow({
  entityRef: 'group:default/security',
  title: 'Security',
  componentRefs: [],
});

describe('ScorecardTree', () => {
  const tree = new ScorecardTree([search, payments, security, engineering]);

  it('starts from the rows without a parent', () => {
    expect(tree.roots().map(r => r.title)).toEqual(['Engineering', 'Security']);
  });

  it('keeps only the given rows, without listing a sub-team under its team twice', () => {
    const mine = new Set([
      'group:default/payments',
      'group:default/engineering',
    ]);
    expect(tree.roots(mine).map(r => r.title)).toEqual(['Engineering']);
    expect(
      tree.roots(new Set(['group:default/search'])).map(r => r.title),
    ).toEqual(['Search']);
  });

  it('lists the components a team owns directly, not those of its sub-teams', () => {
    expect(tree.directComponents(engineering)).toEqual([
      'component:default/platform-tools',
    ]);
    expect(tree.directComponents(payments)).toEqual([
      'component:default/checkout',
      'component:default/payments-api',
    ]);
  });

  it('shows collapsed roots, then sub-teams and components when expanded', () => {
    const collapsed = tree.visibleLines(tree.roots(), new Set());
    expect(collapsed.map(l => [l.type, l.depth])).toEqual([
      ['unit', 0],
      ['unit', 0],
    ]);
    expect(collapsed[0]).toMatchObject({ expandable: true, expanded: false });
    expect(collapsed[1]).toMatchObject({ expandable: false });

    const lines = tree.visibleLines(
      tree.roots(),
      new Set(['group:default/engineering', 'group:default/payments']),
    );
    expect(
      lines.map(l =>
        l.type === 'unit'
          ? `${l.depth}:${l.row.title}`
          : `${l.depth}:${l.entityRef}`,
      ),
    ).toEqual([
      '0:Engineering',
      '1:Payments',
      '2:component:default/checkout',
      '2:component:default/payments-api',
      '1:Search',
      '1:component:default/platform-tools',
      '0:Security',
    ]);
  });

  it('survives a cycle in parent and child refs', () => {
    const a = makeRow({
      entityRef: 'group:default/a',
      title: 'A',
      parentRef: 'group:default/b',
      childRefs: ['group:default/b'],
    });
    const b = makeRow({
      entityRef: 'group:default/b',
      title: 'B',
      parentRef: 'group:default/a',
      childRefs: ['group:default/a'],
    });
    const cyclic = new ScorecardTree([a, b]);
    expect(cyclic.roots().map(r => r.title)).toEqual(['A', 'B']);
    const lines = cyclic.visibleLines(
      [a],
      new Set(['group:default/a', 'group:default/b']),
    );
    expect(lines.map(l => l.key)).toEqual([
      'group:default/a',
      'group:default/a>group:default/b',
    ]);
  });
});
