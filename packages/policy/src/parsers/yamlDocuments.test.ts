import { LINE_KEY, parseYamlDocuments } from './yamlDocuments';

describe('parseYamlDocuments', () => {
  it('converts every document and records the line of each mapping', () => {
    const parsed = parseYamlDocuments(
      [
        'a: 1',
        'list:',
        '  - name: x',
        '    value: 2',
        '---',
        'kind: B',
        '',
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents).toEqual([
      { a: 1, list: [{ name: 'x', value: 2, [LINE_KEY]: 3 }], [LINE_KEY]: 1 },
      { kind: 'B', [LINE_KEY]: 6 },
    ]);
  });

  it('keeps `on` a string key (YAML 1.2) and resolves aliases', () => {
    const parsed = parseYamlDocuments('base: &b { x: 1 }\non: *b\n');
    expect(parsed.documents[0]).toMatchObject({ on: { x: 1 } });
  });

  it('reports syntax errors with their line', () => {
    const parsed = parseYamlDocuments('a: 1\nb: [\n');
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0].line).toBeGreaterThanOrEqual(2);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    const parsed = parseYamlDocuments(lines.join('\n'));
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors[0].message).toMatch(/more than .* YAML nodes/);
  });

  it('does not let a __proto__ key pollute prototypes', () => {
    const parsed = parseYamlDocuments('__proto__: { polluted: true }\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed.documents[0] as object)).toContain('__proto__');
  });
});
