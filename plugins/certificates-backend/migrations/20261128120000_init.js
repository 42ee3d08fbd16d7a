// @ts-check

/**
 * Certificate requests, their names (to find who holds a name) and every
 * state change with its time and actor.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('certificate_requests', table => {
    table.comment(
      'One certificate request and the pull request that carries it',
    );
    table.string('id', 36).primary().notNullable();
    table.string('team', 63).notNullable().index();
    table.string('certificate_name', 63).notNullable();
    table.string('issuer', 63).notNullable();
    table.string('state', 16).notNullable().index();
    table
      .string('open_key', 255)
      .nullable()
      .unique({ indexName: 'certificate_requests_open_key_idx' })
      .comment(
        '<team>/<certificate> while the request is open; at most one open request per certificate',
      );
    table.string('content_hash', 64).notNullable();
    table.string('idempotency_key', 255).nullable();
    table
      .text('request_json')
      .notNullable()
      .comment('The parsed request, defaults applied');
    table.text('names_json').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('pr_url', 1024).nullable();
    table.integer('pr_number').nullable();
    table.string('pr_branch', 255).nullable();
    table.string('pr_state', 16).nullable();
    table
      .text('publish_step_json')
      .nullable()
      .comment('Last completed publishing step, for resuming after a crash');
    table.text('error').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.unique(['created_by', 'idempotency_key'], {
      indexName: 'certificate_requests_idempotency_idx',
    });
  });
  await knex.schema.createTable('certificate_names', table => {
    table.comment(
      'Which team holds which DNS name; one row per name of a live request',
    );
    table.string('name', 255).primary().notNullable();
    table.string('team', 63).notNullable();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('certificate_requests')
      .onDelete('CASCADE');
  });
  await knex.schema.createTable('certificate_request_events', table => {
    table.comment('Every state change of a request');
    table.increments('id');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('certificate_requests')
      .onDelete('CASCADE')
      .index();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table.string('state', 16).notNullable();
    table.text('message').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('certificate_request_events');
  await knex.schema.dropTable('certificate_names');
  await knex.schema.dropTable('certificate_requests');
};
