import {
  CancelScope,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';

/** The answer of a lifecycle operation: the request, and whether this call changed anything. */
export type LifecycleResult = {
  record: StoredCertificateRequest;
  changed: boolean;
};

/**
 * Retry, cancel and decommission: each safe to repeat (a second call
 * answers with the same request and writes nothing), each recorded in the
 * request's history with its actor.
 */
export interface LifecycleService {
  /** Re-queues a failed request and publishes it now. */
  retry(id: string, actor: string): Promise<LifecycleResult>;
  /**
   * Withdraws an open request: closes its pull request and deletes its
   * branch. A request of a bulk request shares its team's pull request:
   * `request` (the default) removes only its files from it, `batch` cancels
   * every open request of that pull request and closes it.
   */
  cancel(
    id: string,
    actor: string,
    scope?: CancelScope,
  ): Promise<LifecycleResult>;
  /** Opens the pull request that removes a live certificate. */
  decommission(
    team: string,
    certificateName: string,
    actor: string,
  ): Promise<LifecycleResult>;
  /** Adds a line to the history of the certificate's newest request (e.g. a renew); false when it has none. */
  note(
    team: string,
    certificateName: string,
    actor: string,
    message: string,
  ): Promise<boolean>;
}
