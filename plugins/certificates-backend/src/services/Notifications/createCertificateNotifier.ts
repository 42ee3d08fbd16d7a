import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  PlatformModel,
  StoredCertificateRequest,
  TeamCertificatesStatus,
} from '@internal/plugin-certificates-common';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { RequestStore } from '../RequestStore';
import { StatusService } from '../Status';
import { teamGroupEntityRef } from '../Membership';
import { requestEvents, statusEvents } from './events';
import { NotificationLedger } from './ledger';
import { sendGrouped } from './send';
import {
  CertificateEvent,
  ExpiryWarningWindow,
  NotificationsConfig,
} from './types';

/** The signal channel of a team: the status card and request page listen on it. */
export function teamChannel(team: string): string {
  return `certificates:${team}`;
}

export type CertificateNotifierOptions = {
  /** The plugin's database, migrated (migration 20261202140000). */
  db: Knex;
  notifications: NotificationService;
  signals?: SignalsService;
  store: Pick<RequestStore, 'get'>;
  status: Pick<StatusService, 'teamStatus'>;
  platform: PlatformModel;
  logger: LoggerService;
  config: Pick<NotificationsConfig, 'maxEventAgeHours'>;
  window: ExpiryWarningWindow;
  now?: () => Date;
};

export type NotifierRunResult = {
  /** Notifications sent (one per group of events). */
  sent: number;
  /** Events this run sent, by key. */
  events: string[];
  /** Teams whose status could not be read this run (their requests still count). */
  failedTeams: string[];
  /** Teams whose requests or status changed since the last run, signalled. */
  changedTeams: string[];
};

export interface CertificateNotifier {
  /** Derives events from stored requests and each team's status and sends those not sent before. */
  run(): Promise<NotifierRunResult>;
}

/** States whose records can carry news; `pending` and the lifecycle's own end states do not. */
const NOTIFIED_STATES = ['pr-open', 'merged', 'closed', 'failed'] as const;

/** What the status card and request page show of a team, to tell when it changed. */
function fingerprint(
  requests: StoredCertificateRequest[],
  status: TeamCertificatesStatus | undefined,
): string {
  const hash = createHash('sha256');
  for (const r of requests)
    hash.update(`${r.id}|${r.state}|${r.updatedAt}|${r.pullRequest?.state}\n`);
  for (const item of status?.items ?? []) {
    hash.update(`${item.certificateName}|${item.state}|`);
    for (const step of Object.values(item.steps))
      hash.update(`${step.key}:${step.state}:${step.time ?? ''};`);
    hash.update(`${item.steps.issued.issued?.notAfter ?? ''}\n`);
  }
  return hash.digest('hex');
}

/**
 * The watcher: tells the requester and the team's group about pull requests,
 * publishing failures, issuance, expiry and stale Vault copies. It derives
 * events from stored state instead of hooking every place that changes it,
 * so events from any instance, the pull request tracker, the lifecycle and
 * bulk services are all seen; the ledger sends each one once.
 */
export function createCertificateNotifier(
  options: CertificateNotifierOptions,
): CertificateNotifier {
  const { store, status, platform, logger, signals } = options;
  const now = options.now ?? (() => new Date());
  const ledger = new NotificationLedger(options.db, now);
  const maxAgeMs = options.config.maxEventAgeHours * 3600 * 1000;
  const lastSeen = new Map<string, string>();

  /** Requests changed since `since` (ms) in a state with news: merged requests pile up, these do not. */
  async function recentRequests(
    since: number,
  ): Promise<StoredCertificateRequest[]> {
    const rows: Array<{ id: string }> = await options
      .db('certificate_requests')
      .whereIn('state', [...NOTIFIED_STATES])
      .where('updated_at', '>=', new Date(since))
      .select('id');
    const records = await Promise.all(rows.map(r => store.get(r.id)));
    return records.filter((r): r is StoredCertificateRequest => !!r);
  }

  function isRecent(event: CertificateEvent, at: number): boolean {
    if (!event.at) return true; // ongoing conditions (expiry, stale Vault) count while they last
    const time = Date.parse(event.at);
    return !Number.isFinite(time) || at - time <= maxAgeMs;
  }

  async function signalChange(team: string, requesters: string[]) {
    if (!signals) return;
    try {
      await signals.publish({
        recipients: {
          type: 'user',
          entityRef: [teamGroupEntityRef(platform, team), ...requesters],
        },
        channel: teamChannel(team),
        message: { team, changed: 'status' },
      });
    } catch (error) {
      logger.warn(`Could not signal a change of team ${team}: ${error}`);
    }
  }

  return {
    async run() {
      const at = now().getTime();
      const records = await recentRequests(at - maxAgeMs);
      const byTeam = new Map<string, StoredCertificateRequest[]>();
      for (const r of records)
        byTeam.set(r.team, [...(byTeam.get(r.team) ?? []), r]);

      const events: CertificateEvent[] = records.flatMap(requestEvents);
      const failedTeams: string[] = [];
      const changedTeams: string[] = [];
      for (const team of platform.teamNames()) {
        let teamStatus: TeamCertificatesStatus | undefined;
        try {
          teamStatus = await status.teamStatus(team);
          events.push(
            ...teamStatus.items.flatMap(item =>
              statusEvents(item, { now: at, window: options.window }),
            ),
          );
        } catch (error) {
          failedTeams.push(team);
          logger.warn(`Could not read the status of team ${team}: ${error}`);
        }
        const teamRequests = byTeam.get(team) ?? [];
        const print = fingerprint(teamRequests, teamStatus);
        if (lastSeen.get(team) !== print) {
          lastSeen.set(team, print);
          changedTeams.push(team);
          const requesters = [...new Set(teamRequests.map(r => r.createdBy))];
          await signalChange(team, requesters.filter(isUserRef));
        }
      }

      const recent = events.filter(e => isRecent(e, at));
      const already = await ledger.claimed(recent);
      const fresh = recent.filter(e => !already.has(e.key));
      const result = await sendGrouped(fresh, {
        ledger,
        notifications: options.notifications,
        groupRefOf: team => teamGroupEntityRef(platform, team),
        logger,
      });
      return { ...result, failedTeams, changedTeams };
    },
  };
}

export function isUserRef(ref: string | undefined): ref is string {
  return !!ref && ref.startsWith('user:');
}
