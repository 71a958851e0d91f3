import { Knex } from 'knex';

/**
 * The approved, unexpired exceptions (`posture_exceptions as x`) that cover the finding row of the
 * enclosing query (`posture_findings`): the finding itself, or its rule on its component (from
 * any tool, or from the exception's tool). For `whereExists` / `whereNotExists`, and the source of
 * the `accepted` marker of served findings.
 *
 * @internal
 */
export function coveringExceptions(db: Knex, now: string) {
  return db('posture_exceptions as x')
    .where('x.state', 'approved')
    .where('x.expires_at', '>', now)
    .whereRaw('x.entity_ref = posture_findings.entity_ref')
    .where(match =>
      match
        .where(one =>
          one
            .where('x.scope', 'finding')
            .whereRaw('x.finding_id = posture_findings.id'),
        )
        .orWhere(rule =>
          rule
            .where('x.scope', 'rule')
            .whereRaw('x.rule_id = posture_findings.rule_id')
            .where(tool =>
              tool
                .whereNull('x.tool')
                .orWhereRaw('x.tool = posture_findings.tool'),
            ),
        ),
    );
}

/**
 * Open findings that are not covered by an approved exception (everything else passes through):
 * what posture counts, top findings and SLA clocks look at.
 *
 * @internal
 */
export function notAccepted(db: Knex, now: string) {
  return (q: Knex.QueryBuilder) =>
    q
      .whereNot('posture_findings.status', 'open')
      .orWhereNotExists(coveringExceptions(db, now).select(db.raw('1')));
}
