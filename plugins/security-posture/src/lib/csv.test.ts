import { csvField, toCsv } from './csv';

describe('csvField', () => {
  it('quotes every field and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('say "hi", then leave')).toBe('"say ""hi"", then leave"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
  ])('neutralises the formula %s', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('writes numbers as numbers, even negative ones', () => {
    expect(csvField(42)).toBe('"42"');
    expect(csvField(-3)).toBe('"-3"');
    expect(csvField(Number.NaN)).toBe('""');
  });

  it('writes empty cells for missing values', () => {
    expect(csvField(null)).toBe('""');
    expect(csvField(undefined)).toBe('""');
  });
});

describe('toCsv', () => {
  it('joins a header and rows with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x', 1],
          [null, '=1'],
        ],
      ),
    ).toBe(`"a","b"\r\n"x","1"\r\n"","'=1"\r\n`);
  });
});
