import { OrgModel } from '../catalog/CatalogFacts';
import { rollUpUnits } from './units';

function component(name: string, ownerRef: string) {
  return {
    entityRef: `component:default/${name}`,
    title: name,
    tier: 2,
    lifecycle: 'production',
    ownerRef,
    systemRef: null,
    domainRef: null,
    providedApis: 0,
    templateRef: null,
    templateVersion: null,
  };
}

const group = (parentRef: string | null, childRefs: string[]) => ({
  title: 'a group',
  parentRef,
  childRefs,
});

describe('scorecard units by owner', () => {
  it('rolls nested groups up, and a cycle in parent relations gives each group of it the whole cycle', () => {
    const org: OrgModel = {
      components: [
        component('c1', 'group:default/team-1'),
        component('c2', 'group:default/team-1'),
        component('c3', 'group:default/team-2'),
        component('x1', 'group:default/cycle-a'),
        component('x2', 'group:default/cycle-b'),
      ],
      groups: new Map([
        [
          'group:default/root',
          group(null, ['group:default/team-2', 'group:default/team-1']),
        ],
        ['group:default/team-1', group('group:default/root', [])],
        ['group:default/team-2', group('group:default/root', [])],
        // invalid in a catalog, but a catalog may hold it: each is the other's parent
        [
          'group:default/cycle-a',
          group('group:default/cycle-b', ['group:default/cycle-b']),
        ],
        [
          'group:default/cycle-b',
          group('group:default/cycle-a', ['group:default/cycle-a']),
        ],
      ]),
      systems: new Map(),
      domains: new Map(),
    };
    const units = Object.fromEntries(
      rollUpUnits('owner', org, org.components).map(u => [
        u.entityRef,
        { childRefs: u.childRefs, componentRefs: u.componentRefs },
      ]),
    );
    expect(units).toEqual({
      'group:default/root': {
        childRefs: ['group:default/team-1', 'group:default/team-2'],
        componentRefs: [
          'component:default/c1',
          'component:default/c2',
          'component:default/c3',
        ],
      },
      'group:default/team-1': {
        childRefs: [],
        componentRefs: ['component:default/c1', 'component:default/c2'],
      },
      'group:default/team-2': {
        childRefs: [],
        componentRefs: ['component:default/c3'],
      },
      'group:default/cycle-a': {
        childRefs: ['group:default/cycle-b'],
        componentRefs: ['component:default/x1', 'component:default/x2'],
      },
      'group:default/cycle-b': {
        childRefs: ['group:default/cycle-a'],
        componentRefs: ['component:default/x1', 'component:default/x2'],
      },
    });
  });
});
