import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { CertificateEvent } from './types';
import { isUniqueViolation } from '../RequestStore/uniqueViolation';

const TABLE = 'certificate_notifications';
/** The key column's width; longer keys (long certificate names) keep a readable prefix and a hash. */
const MAX_KEY = 255;

function storedKey(key: string): string {
  if (key.length <= MAX_KEY) return key;
  const hash = createHash('sha256').update(key).digest('hex');
  return `${key.slice(0, MAX_KEY - hash.length - 1)}#${hash}`;
}

/**
 * Which events were notified. A key is claimed (inserted) before its
 * notification is sent: of two instances deriving the same event, the one
 * whose insert succeeds sends it. A failed send releases the claim so the
 * next run tries again.
 */
export class NotificationLedger {
  constructor(private readonly db: Knex, private readonly now: () => Date) {}

  /** The keys of `events` already claimed, in one query. */
  async claimed(events: CertificateEvent[]): Promise<Set<string>> {
    const keys = events.map(e => storedKey(e.key));
    const found = new Set<string>();
    // Chunked: SQLite allows at most 999 bound parameters per statement.
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db(TABLE)
        .whereIn('event_key', keys.slice(i, i + 500))
        .select('event_key');
      for (const row of rows) found.add(row.event_key);
    }
    return new Set(
      events.filter(e => found.has(storedKey(e.key))).map(e => e.key),
    );
  }

  /** True when this caller is the one to send the event. */
  async claim(event: CertificateEvent): Promise<boolean> {
    try {
      await this.db(TABLE).insert({
        event_key: storedKey(event.key),
        team: event.team,
        kind: event.kind,
        sent_at: this.now(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async release(event: CertificateEvent): Promise<void> {
    await this.db(TABLE)
      .where({ event_key: storedKey(event.key) })
      .delete();
  }
}
