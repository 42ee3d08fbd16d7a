// @ts-check

/**
 * The issuance ledger: one row per new certificate a request asks for (per
 * registered domain it names) and per "renew now", so that the issuance
 * budgets (certificates.issuance) count over a sliding week across every
 * backend instance and restart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('certificate_issuance_ledger', table => {
    table.comment('New certificates and renewals admitted, for the budgets');
    table.bigIncrements('id').primary();
    table.string('kind', 16).notNullable().comment('new or renew');
    table.string('team', 63).notNullable();
    table
      .string('registered_domain', 255)
      .nullable()
      .comment(
        'For kind new: the registered domain the certificate counts against',
      );
    table.string('certificate', 255).notNullable();
    table
      .boolean('team_unit')
      .notNullable()
      .defaultTo(false)
      .comment('True on one row per certificate: what the team budget counts');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['kind', 'created_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('certificate_issuance_ledger');
};
