import { NotificationSeverity } from '@backstage/plugin-notifications-common';

/** What a notification is about; one kind per event the issue names. */
export type CertificateEventKind =
  | 'pr-opened'
  | 'pr-merged'
  | 'pr-closed'
  | 'publish-failed'
  | 'ready'
  | 'issue-failed'
  | 'expiring'
  | 'expired'
  | 'vault-stale';

/** One thing that happened to a request or certificate, derived from stored state. */
export type CertificateEvent = {
  /** Sent once per key, across instances and restarts (see the ledger). */
  key: string;
  kind: CertificateEventKind;
  team: string;
  certificateName: string;
  /** The certificate as titles name it: its DNS names (see certificateTitle). */
  subject: string;
  requestId?: string;
  /** The requester's user entity ref, when a stored request names one. */
  requester?: string;
  /** When it happened (ISO 8601); events older than the configured age are not sent. */
  at?: string;
  severity: NotificationSeverity;
  title: string;
  description: string;
  /** Path in the Backstage app (relative links work for the notifications UI). */
  link: string;
  /**
   * Events of one group go out as one notification, e.g. the certificates
   * of a bulk request that share a pull request. Each keeps its own key.
   */
  group?: string;
};

/** `certificates.notifications` from app-config, defaults applied. */
export type NotificationsConfig = {
  enabled: boolean;
  /** How often the watcher derives events (minutes). */
  frequencyMinutes: number;
  /** Events that happened longer ago are not sent (e.g. on the first run after installing). */
  maxEventAgeHours: number;
};

/** When a certificate that was not renewed counts as in the warning window (same as CertificateExpiryWarning). */
export type ExpiryWarningWindow = {
  /** cert-manager renews this long before expiry (`certificates.renewBefore`). */
  renewBeforeMs: number;
  /** How long after its planned renewal time a certificate may still be un-renewed. */
  marginMs: number;
};
