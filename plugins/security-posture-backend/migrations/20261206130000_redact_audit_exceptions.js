// @ts-check

/**
 * No raw secret kept anywhere (issue #12), second part: what people wrote and what events
 * recorded before the plugin redacted them on write.
 *
 * - `posture_exceptions`: the reason, the decision comment and the revocation comment lose the
 *   secret rule families and high-entropy tokens (as the plugin now does when they are written).
 * - `audit_events`: every string of the JSON details loses the rule families, and free text
 *   (reasons, comments, messages, titles) high-entropy tokens too; digests, ids and counts stay.
 *
 * The redactor is the copy in 20261206100000_redact_secrets.js, which
 * src/secrets/redactorTwin.test.ts checks against src/secrets/redactor.ts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // the redactor of the earlier migration (required by path: migrations are plain files)
  const { redactText, redactRecord } = require(require('node:path').join(
    __dirname,
    '20261206100000_redact_secrets.js',
  )).redactor;
  const BATCH = 500;
  /** @param {string | null} value */
  const free = value =>
    value === null || value === undefined
      ? value
      : redactText(value, [], { entropy: true });

  const exceptions = await knex('posture_exceptions').select(
    'id',
    'reason',
    'decision_comment',
    'revoke_comment',
  );
  for (const row of exceptions) {
    const next = {
      reason: free(row.reason),
      decision_comment: free(row.decision_comment),
      revoke_comment: free(row.revoke_comment),
    };
    if (
      next.reason !== row.reason ||
      next.decision_comment !== row.decision_comment ||
      next.revoke_comment !== row.revoke_comment
    ) {
      await knex('posture_exceptions').where({ id: row.id }).update(next);
    }
  }

  let lastId = 0;
  for (;;) {
    const rows = await knex('audit_events')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'details');
    if (rows.length === 0) {
      break;
    }
    for (const row of rows) {
      lastId = Number(row.id);
      if (!row.details) continue;
      let details;
      try {
        details = JSON.parse(row.details);
      } catch {
        // not JSON: redact it as free text
        const text = free(row.details);
        if (text !== row.details) {
          await knex('audit_events')
            .where({ id: row.id })
            .update({ details: text });
        }
        continue;
      }
      const redacted = JSON.stringify(redactRecord(details));
      if (redacted !== JSON.stringify(details)) {
        await knex('audit_events')
          .where({ id: row.id })
          .update({ details: redacted });
      }
    }
  }
};

/**
 * Redaction cannot be undone: there is nothing to restore.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {};
