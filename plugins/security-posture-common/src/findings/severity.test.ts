import {
  compareSeverity,
  isSeverity,
  maxSeverity,
  severityFromCvss,
} from './severity';
import { SEVERITIES, Severity } from './types';

describe('severity model', () => {
  it('lists severities most severe first', () => {
    expect(SEVERITIES).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });

  it('orders severities', () => {
    expect(compareSeverity('critical', 'high')).toBeGreaterThan(0);
    expect(compareSeverity('info', 'low')).toBeLessThan(0);
    expect(compareSeverity('medium', 'medium')).toBe(0);
    expect(
      ['low', 'critical', 'info', 'medium'].sort((a, b) =>
        compareSeverity(a as Severity, b as Severity),
      ),
    ).toEqual(['info', 'low', 'medium', 'critical']);
  });

  it('finds the most severe, ignoring undefined', () => {
    expect(maxSeverity(['low', undefined, 'high', 'medium'])).toBe('high');
    expect(maxSeverity([])).toBeUndefined();
  });

  it('recognizes severities', () => {
    expect(isSeverity('high')).toBe(true);
    expect(isSeverity('HIGH')).toBe(false);
    expect(isSeverity('moderate')).toBe(false);
    expect(isSeverity(3)).toBe(false);
  });

  // Boundaries of the CVSS v3.x qualitative severity rating scale (FIRST CVSS v3.1
  // specification, section 5): None 0.0, Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9,
  // Critical 9.0-10.0.
  it.each([
    [0, 'info'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4.0, 'medium'],
    [6.9, 'medium'],
    [7.0, 'high'],
    [8.9, 'high'],
    [9.0, 'critical'],
    [10, 'critical'],
  ])('maps CVSS %d to %s', (score, severity) => {
    expect(severityFromCvss(score)).toBe(severity);
  });

  it('rejects scores outside 0..10', () => {
    expect(severityFromCvss(-1)).toBeUndefined();
    expect(severityFromCvss(10.5)).toBeUndefined();
    expect(severityFromCvss(Number.NaN)).toBeUndefined();
  });
});
