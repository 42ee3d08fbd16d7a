import { LoggerService } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { NotificationLedger } from './ledger';
import { CertificateEvent } from './types';

export const NOTIFICATION_TOPIC = 'certificates';

const SEVERITY_ORDER = ['low', 'normal', 'high', 'critical'] as const;

/** The team's group and, when known, the user who requested the certificate. */
export function recipientsOf(
  event: CertificateEvent,
  groupRefOf: (team: string) => string,
): string[] {
  const refs = [groupRefOf(event.team)];
  if (event.requester?.startsWith('user:')) refs.push(event.requester);
  return refs;
}

/** One notification for a group of events that happened together. */
function payloadOf(
  events: CertificateEvent[],
  recipients: string[],
): NotificationSendOptions {
  const [first] = events;
  const severity = events
    .map(e => e.severity)
    .reduce((a, b) =>
      SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b,
    );
  const many = events.length > 1;
  return {
    recipients: { type: 'entity', entityRef: recipients },
    payload: {
      title: many
        ? `${first.title.replace(
            first.subject,
            `${events.length} certificates of ${first.team}`,
          )}`
        : first.title,
      description: many
        ? `${first.description} Certificates: ${events
            .map(e => e.subject)
            .join(', ')}.`
        : first.description,
      link: first.link,
      severity,
      topic: NOTIFICATION_TOPIC,
      // The same scope from the same origin updates a notification instead of adding one.
      scope: first.group ?? first.key,
      metadata: {
        team: first.team,
        kind: first.kind,
        events: events.map(e => e.key),
      },
    },
  };
}

export type SendOptions = {
  ledger: NotificationLedger;
  notifications: NotificationService;
  groupRefOf: (team: string) => string;
  logger: LoggerService;
};

/**
 * Claims each event in the ledger, then sends one notification per group of
 * claimed events. A failed send releases its claims so the next run retries.
 */
export async function sendGrouped(
  events: CertificateEvent[],
  options: SendOptions,
): Promise<{ sent: number; events: string[] }> {
  const groups = new Map<
    string,
    { events: CertificateEvent[]; recipients: string[] }
  >();
  for (const event of events) {
    if (!(await options.ledger.claim(event))) continue;
    const recipients = recipientsOf(event, options.groupRefOf);
    const id = `${event.group ?? event.key}|${recipients.join(',')}`;
    const group = groups.get(id) ?? { events: [], recipients };
    group.events.push(event);
    groups.set(id, group);
  }
  let sent = 0;
  const keys: string[] = [];
  for (const group of groups.values()) {
    try {
      await options.notifications.send(
        payloadOf(group.events, group.recipients),
      );
      sent++;
      keys.push(...group.events.map(e => e.key));
    } catch (error) {
      options.logger.warn(
        `Could not send the notification for ${group.events[0].key}; retrying on the next run: ${error}`,
      );
      for (const event of group.events) await options.ledger.release(event);
    }
  }
  return { sent, events: keys };
}
