import { Config } from '@backstage/config';
import { PublishProgress } from '../RequestStore';

/** How often and how fast a failed publish is tried again (`certificates.publish`). */
export type RetryPolicy = {
  /** Attempts before the request is marked failed. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** How long a publisher holds a request; a crashed one's lease ends here. */
  leaseMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  initialDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  leaseMs: 300_000,
};

export function readRetryPolicy(config: Config): RetryPolicy {
  const publish = config.getOptionalConfig('certificates.publish');
  const number = (key: string, fallback: number, min: number) => {
    const value = publish?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min)
      throw new Error(`certificates.publish.${key}: must be at least ${min}`);
    return value;
  };
  return {
    maxAttempts: number('maxAttempts', DEFAULT_RETRY_POLICY.maxAttempts, 1),
    initialDelayMs:
      number(
        'initialDelaySeconds',
        DEFAULT_RETRY_POLICY.initialDelayMs / 1000,
        0,
      ) * 1000,
    maxDelayMs:
      number('maxDelaySeconds', DEFAULT_RETRY_POLICY.maxDelayMs / 1000, 0) *
      1000,
    leaseMs:
      number('leaseSeconds', DEFAULT_RETRY_POLICY.leaseMs / 1000, 10) * 1000,
  };
}

/** Exponential backoff: the initial delay after the first failure, doubling up to the maximum. */
export function backoffDelayMs(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

/** The first step a publish had not finished, from the progress it saved. */
export function failedStepOf(progress: PublishProgress): string {
  if (!progress.branch) return 'branch';
  if (!progress.commitSha) return 'commit';
  if (!progress.pullRequest) return 'pull request';
  return 'update pull request';
}
