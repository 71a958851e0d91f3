import { DEFAULT_POSTURE_CONFIG } from '../config';
import { emptyCounts } from '../lib/counts';
import { computeScore, gradeOf } from './scoring';

const scoring = DEFAULT_POSTURE_CONFIG.scoring;

describe('computeScore', () => {
  it('gives 100 and an A to a clean component with full coverage', () => {
    const result = computeScore(
      {
        open: emptyCounts(),
        overdue: emptyCounts(),
        missingScanners: [],
        checkScores: [],
      },
      scoring,
    );
    expect(result).toEqual({ score: 100, grade: 'A', breakdown: [] });
  });

  it('takes off the weight of each open finding, doubled when overdue', () => {
    const open = { ...emptyCounts(), critical: 1, high: 2, low: 3 };
    const overdue = { ...emptyCounts(), high: 1 };
    const result = computeScore(
      { open, overdue, missingScanners: ['container'], checkScores: [] },
      scoring,
    );
    // 100 - 25 (critical) - 10 (high on time) - 20 (high overdue) - 3 (low) - 10 (scanner) = 32
    expect(result.score).toBe(32);
    expect(result.grade).toBe('F');
    expect(result.breakdown).toEqual([
      { label: '1 open critical', points: -25 },
      { label: '1 open high', points: -10 },
      { label: '1 overdue high', points: -20 },
      { label: '3 open low', points: -3 },
      { label: 'no container scanner', points: -10 },
    ]);
  });

  it('never goes below zero', () => {
    const open = { ...emptyCounts(), critical: 40 };
    const result = computeScore(
      { open, overdue: emptyCounts(), missingScanners: [], checkScores: [] },
      scoring,
    );
    expect(result.score).toBe(0);
  });

  it('blends in the mean of applicable Scorecard checks', () => {
    const open = { ...emptyCounts(), medium: 5 }; // 100 - 20 = 80
    const result = computeScore(
      {
        open,
        overdue: emptyCounts(),
        missingScanners: [],
        checkScores: [10, 5, -1], // mean 7.5 of applicable ones -> 75
      },
      scoring,
    );
    // 0.8 * 80 + 0.2 * 75 = 79
    expect(result.score).toBe(79);
    expect(result.grade).toBe('C');
    expect(result.breakdown.at(-1)).toEqual({
      label: 'OpenSSF Scorecard 7.5/10',
      points: -1,
    });
  });

  it('ignores info findings with the default weight of zero', () => {
    const open = { ...emptyCounts(), info: 50 };
    expect(
      computeScore(
        { open, overdue: emptyCounts(), missingScanners: [], checkScores: [] },
        scoring,
      ).score,
    ).toBe(100);
  });
});

describe('gradeOf', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89, 'B'],
    [80, 'B'],
    [79, 'C'],
    [70, 'C'],
    [69, 'D'],
    [60, 'D'],
    [59, 'F'],
    [0, 'F'],
  ])('grades %i as %s', (score, grade) => {
    expect(gradeOf(score, scoring.grades)).toBe(grade);
  });
});
