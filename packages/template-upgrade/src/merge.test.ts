import { isText, mergeText } from './merge';

const labels = { ours: 'repo (main)', base: 't 1.0.0', theirs: 't 1.1.0' };

describe('mergeText', () => {
  it('takes both sides when they change different lines', () => {
    expect(
      mergeText('a\nB\nc\nd\n', 'a\nb\nc\nd\n', 'a\nb\nc\nD\n', labels),
    ).toEqual({
      text: 'a\nB\nc\nD\n',
      conflicts: 0,
    });
  });

  it('marks a conflict the diff3 way, with the base between the sides, and keeps every newline', () => {
    const merged = mergeText(
      'x\nours\ny',
      'x\nbase\ny',
      'x\ntheirs\ny',
      labels,
    );
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe(
      [
        'x',
        '<<<<<<< repo (main)',
        'ours',
        '||||||| t 1.0.0',
        'base',
        '=======',
        'theirs',
        '>>>>>>> t 1.1.0',
        'y',
      ].join('\n'),
    );
  });

  it('does not take a line of the file that looks like a marker for one', () => {
    const ours = '<<<<<<< repo (main) in a heredoc\nmine\n';
    const merged = mergeText(ours, 'start\n', 'start\nnew\n', labels);
    expect(merged.conflicts).toBe(1);
    expect(merged.text.match(/^<<<<<<< repo \(main\)$/gm)).toHaveLength(1);
  });

  it('knows text from binary', () => {
    expect(isText(Buffer.from('héllo\n'))).toBe(true);
    expect(isText(Buffer.from([0x89, 0x50, 0x00]))).toBe(false);
    expect(isText(Buffer.from([0xff, 0xfe, 0x41]))).toBe(false);
  });
});
