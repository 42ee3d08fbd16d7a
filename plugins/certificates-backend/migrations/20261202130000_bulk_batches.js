// @ts-check

/**
 * Bulk requests: one batch of many certificate requests, one pull request
 * per team. Each certificate stays its own request, linked by `batch_id`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('certificate_batches', table => {
    table.comment('A bulk submission of certificate requests');
    table.string('id', 36).primary().notNullable();
    table.string('created_by', 255).notNullable();
    table.string('idempotency_key', 255).nullable();
    table.string('content_hash', 64).notNullable();
    table
      .string('open_key', 64)
      .nullable()
      .unique({ indexName: 'certificate_batches_open_key_idx' })
      .comment(
        'The content hash while pull requests are still being opened: an identical batch joins this one',
      );
    table.string('state', 16).notNullable().index();
    table
      .text('rows_json')
      .nullable()
      .comment(
        'What became of each row: its request, or its problems when left out with ?partial=true',
      );
    table
      .timestamp('lease_until', { useTz: true })
      .nullable()
      .comment('While set and in the future, one worker is publishing');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['created_by', 'idempotency_key'], {
      indexName: 'certificate_batches_idempotency_idx',
    });
  });
  await knex.schema.createTable('certificate_batch_teams', table => {
    table.comment('The pull request of one team of a batch');
    table
      .string('batch_id', 36)
      .notNullable()
      .references('id')
      .inTable('certificate_batches')
      .onDelete('CASCADE');
    table.string('team', 63).notNullable();
    table.string('state', 16).notNullable();
    table.string('branch', 255).notNullable();
    table
      .text('progress_json')
      .nullable()
      .comment('Last completed publishing step, for resuming after a crash');
    table.string('pr_url', 1024).nullable();
    table.integer('pr_number').nullable();
    table.text('error').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['batch_id', 'team']);
  });
  await knex.schema.alterTable('certificate_requests', table => {
    table
      .string('batch_id', 36)
      .nullable()
      .index('certificate_requests_batch_idx')
      .comment('The bulk batch whose pull request carries this request');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('certificate_requests', table => {
    table.dropIndex(['batch_id'], 'certificate_requests_batch_idx');
    table.dropColumn('batch_id');
  });
  await knex.schema.dropTable('certificate_batch_teams');
  await knex.schema.dropTable('certificate_batches');
};
