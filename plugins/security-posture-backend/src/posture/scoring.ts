import {
  FindingKind,
  Grade,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { PostureConfig } from '../config';

/** What the score of one component is computed from. @internal */
export interface ScoreInput {
  /** Open (not fixed, not suppressed) findings by severity. */
  open: Record<Severity, number>;
  /** Of those, the ones past their SLA due date. */
  overdue: Record<Severity, number>;
  /** Required scanner kinds (by tier) that never reported. */
  missingScanners: FindingKind[];
  /** OpenSSF Scorecard check scores (0-10; -1 = not applicable). */
  checkScores: number[];
}

/** A score with the terms that made it, so a grade can always be explained. @internal */
export interface ScoreResult {
  score: number;
  grade: Grade;
  breakdown: { label: string; points: number }[];
}

/** The grade of a score with the configured thresholds. @internal */
export function gradeOf(
  score: number,
  grades: PostureConfig['scoring']['grades'],
): Grade {
  if (score >= grades.A) return 'A';
  if (score >= grades.B) return 'B';
  if (score >= grades.C) return 'C';
  if (score >= grades.D) return 'D';
  return 'F';
}

/**
 * The score model (docs/scoring.md): start from 100; every open finding takes off its severity's
 * weight, doubled (overdueMultiplier) once past its SLA; every missing required scanner takes off
 * missingScannerPenalty; the result is floored at 0. When OpenSSF Scorecard checks are known, the
 * score is blended: (1 - w) x findings score + w x (mean check score x 10).
 *
 * @internal
 */
export function computeScore(
  input: ScoreInput,
  scoring: PostureConfig['scoring'],
): ScoreResult {
  const breakdown: ScoreResult['breakdown'] = [];
  let penalty = 0;
  for (const severity of SEVERITIES) {
    const weight = scoring.weights[severity];
    const overdue = input.overdue[severity];
    const onTime = input.open[severity] - overdue;
    if (onTime > 0 && weight > 0) {
      penalty += onTime * weight;
      breakdown.push({
        label: `${onTime} open ${severity}`,
        points: -onTime * weight,
      });
    }
    if (overdue > 0 && weight > 0) {
      const points = overdue * weight * scoring.overdueMultiplier;
      penalty += points;
      breakdown.push({
        label: `${overdue} overdue ${severity}`,
        points: -points,
      });
    }
  }
  for (const kind of input.missingScanners) {
    penalty += scoring.missingScannerPenalty;
    breakdown.push({
      label: `no ${kind} scanner`,
      points: -scoring.missingScannerPenalty,
    });
  }
  let score = Math.max(0, 100 - penalty);
  const applicable = input.checkScores.filter(s => s >= 0);
  if (applicable.length > 0 && scoring.scorecardWeight > 0) {
    const checks =
      (applicable.reduce((sum, s) => sum + s, 0) / applicable.length) * 10;
    const blended =
      (1 - scoring.scorecardWeight) * score + scoring.scorecardWeight * checks;
    breakdown.push({
      label: `OpenSSF Scorecard ${(checks / 10).toFixed(1)}/10`,
      points: blended - score,
    });
    score = blended;
  }
  const rounded = Math.round(score);
  return {
    score: rounded,
    grade: gradeOf(rounded, scoring.grades),
    breakdown: breakdown.map(b => ({
      label: b.label,
      points: Math.round(b.points * 10) / 10,
    })),
  };
}
