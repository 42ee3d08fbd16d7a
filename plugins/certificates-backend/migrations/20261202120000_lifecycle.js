// @ts-check

/**
 * The life of a request after it is stored: retries with backoff, a lease
 * so one publisher works on a request at a time across backend instances,
 * decommission requests, and what the pull request body says changed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('certificate_requests', table => {
    table
      .string('operation', 16)
      .notNullable()
      .defaultTo('create')
      .comment('create: brings the certificate in; decommission: removes it');
    table
      .string('lease_owner', 80)
      .nullable()
      .comment('The publisher working on this request right now');
    table
      .timestamp('lease_until', { useTz: true })
      .nullable()
      .comment('The lease ends here even if its owner died');
    table
      .timestamp('next_attempt_at', { useTz: true })
      .nullable()
      .comment('Not retried before this time (exponential backoff)');
    table
      .string('failed_step', 32)
      .nullable()
      .comment('The publishing step that failed last');
    table
      .text('published_json')
      .nullable()
      .comment('The request as its pull request last carried it');
    table
      .text('change_note')
      .nullable()
      .comment('What changed since the version reviewers saw before');
    table
      .boolean('cleanup_pending')
      .notNullable()
      .defaultTo(false)
      .comment('Cancelled: its pull request and branch still to be removed');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('certificate_requests', table => {
    table.dropColumn('operation');
    table.dropColumn('lease_owner');
    table.dropColumn('lease_until');
    table.dropColumn('next_attempt_at');
    table.dropColumn('failed_step');
    table.dropColumn('published_json');
    table.dropColumn('change_note');
    table.dropColumn('cleanup_pending');
  });
};
