import { makeRow } from '../../__testUtils__/fixtures';
import { scorecardCsv } from './scorecardCsv';

describe('scorecardCsv', () => {
  it('writes the shown lines, components included, with a neutralised formula title', () => {
    const row = makeRow({
      entityRef: 'group:default/payments',
      title: '=HYPERLINK("https://evil.example","Payments")',
      parentRef: 'group:default/engineering',
      score: 81,
      grade: 'B',
      open: { critical: 1, high: 2, medium: 3, low: 4, info: 5 },
      overdue: 2,
      meanTimeToRemediateDays: 3.5,
      coverage: { scanned: 1, total: 2 },
    });
    const csv = scorecardCsv([
      {
        type: 'unit',
        key: 'a',
        depth: 1,
        row,
        expandable: true,
        expanded: true,
      },
      {
        type: 'component',
        key: 'b',
        depth: 2,
        entityRef: 'component:default/checkout',
      },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      '"level","type","name","entityRef","parentRef","grade","score","critical","high","medium","low","info","slaBreaches","mttrDays","scannedComponents","totalComponents"',
    );
    expect(lines[1]).toBe(
      `"1","group","'=HYPERLINK(""https://evil.example"",""Payments"")","group:default/payments","group:default/engineering","B","81","1","2","3","4","5","2","3.5","1","2"`,
    );
    expect(lines[2]).toBe(
      '"2","component","checkout","component:default/checkout","","","","","","","","","","","",""',
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('writes empty cells for an ungraded row', () => {
    const csv = scorecardCsv([
      {
        type: 'unit',
        key: 'a',
        depth: 0,
        row: makeRow({
          score: null,
          grade: null,
          meanTimeToRemediateDays: null,
        }),
        expandable: false,
        expanded: false,
      },
    ]);
    expect(csv.split('\r\n')[1]).toContain(
      '"Payments","group:default/payments","","",""',
    );
  });
});
