import { CEL_LIMITS, CelCompileError, compileExpression } from './compile';

describe('compileExpression', () => {
  it('evaluates over plain data and returns plain data', () => {
    const fn = compileExpression(
      'x.items.filter(i, i.n > 1).map(i, {"id": i.id, "line": 3})',
      ['x'],
    );
    expect(
      fn({
        x: {
          items: [
            { id: 'a', n: 1 },
            { id: 'b', n: 2 },
          ],
        },
      }),
    ).toEqual([{ id: 'b', line: 3 }]);
  });

  it('offers get, keys, line, asList and the strings extension', () => {
    const fn = compileExpression(
      '[get(x, "a.b"), get(x, "a.zz"), get(x, ["a", "c.d"]), get(x, "nope", "dflt"), keys(x.a), line(x.a), asList("s"), asList(null), ["p", "q"].join("-")]',
      ['x'],
    );
    expect(fn({ x: { a: { b: 1, 'c.d': 2, _line: 7 } } })).toEqual([
      1,
      null,
      2,
      'dflt',
      ['b', 'c.d'],
      7,
      ['s'],
      [],
      'p-q',
    ]);
  });

  it.each([
    ['syntax', 'x.', /syntax error/],
    ['unknown identifier', 'y == 1', /unknown identifier\(s\) 'y'/],
    ['unknown function', 'frobnicate(x)', /unknown function\(s\) 'frobnicate'/],
    ['too long', `x == "${'a'.repeat(CEL_LIMITS.maxLength)}"`, /longer than/],
    [
      'nesting',
      'x.all(a, x.all(b, x.all(c, x.all(d, x.all(e, true)))))',
      /nested deeper than/,
    ],
  ])('refuses %s', (_name, source, message) => {
    expect(() => compileExpression(source, ['x'])).toThrow(CelCompileError);
    expect(() => compileExpression(source, ['x'])).toThrow(message);
  });

  it('accepts comprehension variables and type names', () => {
    const fn = compileExpression('x.all(v, type(v) == string)', ['x']);
    expect(fn({ x: ['a', 'b'] })).toBe(true);
    expect(fn({ x: ['a', 1] })).toBe(false);
  });

  it('throws on evaluation errors', () => {
    const fn = compileExpression('x.missing == 1', ['x']);
    expect(() => fn({ x: {} })).toThrow(/missing/);
  });
});
