// @ts-check

/**
 * Notifications sent about certificates and their requests: one row per
 * event, written before the notification goes out, so every backend
 * instance (and every restart) sends each event once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('certificate_notifications', table => {
    table.comment('Events already notified, by their key');
    table
      .string('event_key', 255)
      .primary()
      .notNullable()
      .comment(
        'What happened, e.g. <requestId>:pr-merged or <team>/<certificate>:ready:<notAfter>',
      );
    table.string('team', 63).notNullable().index();
    table.string('kind', 32).notNullable();
    table.timestamp('sent_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('certificate_notifications');
};
