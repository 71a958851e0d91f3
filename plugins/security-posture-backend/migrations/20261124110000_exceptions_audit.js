// @ts-check

/**
 * Exceptions (risk acceptance) and the audit log.
 *
 * `posture_exceptions`: a request to stop counting one finding, or every finding of a rule on a
 * component, for a bounded time, with a VEX-style justification; approved or rejected by another
 * person, revoked, or expired by the scheduler. `audit_events`: an append-only record of every
 * request, decision, revocation, expiry and gate decision, written in the same transaction as the
 * change it describes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_exceptions', table => {
    table.comment(
      'Exceptions (risk acceptance): requested, then approved or rejected by another person, revoked or expired',
    );
    table.string('id', 36).primary().comment('Exception id (uuid)');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Component the exception is for, lower-cased entity ref');
    table
      .string('scope', 10)
      .notNullable()
      .comment('finding (one finding) or rule (every finding of a rule)');
    table
      .bigInteger('finding_id')
      .nullable()
      .comment('posture_findings.id when the scope is finding');
    table
      .string('rule_id', 255)
      .notNullable()
      .comment(
        'Rule or vulnerability id: the rule of the scope, or the rule of the finding',
      );
    table
      .string('tool', 100)
      .nullable()
      .comment(
        'Normalized tool name; for a rule scope, null means the rule from any tool',
      );
    table
      .string('justification', 50)
      .notNullable()
      .comment(
        'CycloneDX VEX justification (code_not_present, ...) or risk-acceptance reason (will_not_fix, ...)',
      );
    table
      .text('reason')
      .notNullable()
      .comment("The requester's explanation, plain text (untrusted)");
    table
      .string('state', 10)
      .notNullable()
      .comment('pending, approved, rejected, expired or revoked');
    table
      .string('requested_by', 255)
      .notNullable()
      .comment('User entity ref of the requester');
    table
      .timestamp('requested_at', { useTz: true })
      .notNullable()
      .comment('When it was requested');
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment(
        'When an approval stops applying (bounded by exceptions.maxDays)',
      );
    table
      .string('decided_by', 255)
      .nullable()
      .comment('User entity ref of the approver or rejecter');
    table
      .timestamp('decided_at', { useTz: true })
      .nullable()
      .comment('When it was approved or rejected');
    table
      .text('decision_comment')
      .nullable()
      .comment("The decider's comment, plain text (untrusted)");
    table
      .string('revoked_by', 255)
      .nullable()
      .comment('Principal that revoked it');
    table
      .timestamp('revoked_at', { useTz: true })
      .nullable()
      .comment('When it was revoked');
    table
      .text('revoke_comment')
      .nullable()
      .comment('Why it was revoked, plain text (untrusted)');
    table
      .timestamp('expired_at', { useTz: true })
      .nullable()
      .comment('When the scheduler marked it expired');
    table
      .timestamp('warned_at', { useTz: true })
      .nullable()
      .comment('When the owners were told it is about to expire (sent once)');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('Last change of this row');
    table.index(
      ['entity_ref', 'state', 'requested_at'],
      'posture_exceptions_entity_state_idx',
    );
    table.index(['state', 'requested_at'], 'posture_exceptions_state_idx');
    table.index(['state', 'expires_at'], 'posture_exceptions_expiry_idx');
    table.index(['finding_id'], 'posture_exceptions_finding_idx');
  });

  await knex.schema.createTable('audit_events', table => {
    table.comment(
      'Append-only audit log: exception requests, decisions, revocations and expiries, gate decisions',
    );
    table
      .bigIncrements('id')
      .primary()
      .comment('Sequence: newest last, the cursor of queries');
    table
      .string('type', 100)
      .notNullable()
      .comment('What happened, e.g. exception.requested or gate.decision');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Catalog entity the event is about, lower-cased, if any');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Who did it: user entity ref, service:<subject> or system');
    table
      .text('details')
      .notNullable()
      .comment('JSON object with the facts of the event');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When it happened');
    table.index(['entity_ref', 'id'], 'audit_events_entity_idx');
    table.index(['type', 'id'], 'audit_events_type_idx');
    table.index(['actor', 'id'], 'audit_events_actor_idx');
    table.index(['created_at'], 'audit_events_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_events');
  await knex.schema.dropTable('posture_exceptions');
};
