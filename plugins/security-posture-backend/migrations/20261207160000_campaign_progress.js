// @ts-check

/**
 * Campaign progress (issue #17): each component's stored evaluation against each campaign's goal,
 * the campaign's daily series (fleet-wide counts, one row per UTC day), and the notifications sent
 * to owning groups, one row per campaign, group and event, so that replicas send each once (the
 * replica whose insert wins sends it).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_campaign_status', table => {
    table.comment(
      'Each component in the scope of a campaign against its goal, as last evaluated',
    );
    table
      .string('campaign_id', 64)
      .notNullable()
      .comment('posture_campaigns.id');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The component (full lower-case entity ref)');
    table
      .boolean('compliant')
      .notNullable()
      .comment('Whether the component meets the goal');
    table
      .text('reason')
      .nullable()
      .comment('Why not (what it still has to do); null when compliant');
    table
      .timestamp('evaluated_at', { useTz: true })
      .notNullable()
      .comment('When the component was last evaluated against the goal');
    table.primary(['campaign_id', 'entity_ref']);
    table.index(['entity_ref'], 'posture_campaign_status_entity_idx');
  });
  await knex.schema.createTable('posture_campaign_days', table => {
    table.comment(
      'The daily series of a campaign: fleet-wide counts over its scope, one row per UTC day',
    );
    table
      .string('campaign_id', 64)
      .notNullable()
      .comment('posture_campaigns.id');
    table.string('day', 10).notNullable().comment('The UTC day, YYYY-MM-DD');
    table
      .integer('compliant')
      .notNullable()
      .comment(
        'Components in scope meeting the goal, as last evaluated that day',
      );
    table
      .integer('failing')
      .notNullable()
      .comment(
        'Components in scope not meeting it, as last evaluated that day',
      );
    table.primary(['campaign_id', 'day']);
  });
  await knex.schema.createTable('posture_campaign_notices', table => {
    table.comment(
      'Campaign notifications sent to owning groups: one per campaign, group and event, across replicas',
    );
    table
      .string('campaign_id', 64)
      .notNullable()
      .comment('posture_campaigns.id');
    table
      .string('group_ref', 255)
      .notNullable()
      .comment('The owning group told (full lower-case entity ref)');
    table
      .string('event', 32)
      .notNullable()
      .comment('What it was told: start, milestone-<days> or deadline');
    table
      .timestamp('sent_at', { useTz: true })
      .notNullable()
      .comment('When the replica whose insert won sent it');
    table.primary(['campaign_id', 'group_ref', 'event']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_campaign_notices');
  await knex.schema.dropTable('posture_campaign_days');
  await knex.schema.dropTable('posture_campaign_status');
};
