import { Config } from '@backstage/config';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { ExpiryWarningWindow, NotificationsConfig } from './types';

const UNIT_MS: Record<string, number> = { h: 3600000, m: 60000, s: 1000 };

function positive(section: Config, key: string, fallback: number): number {
  const value = section.getOptionalNumber(key) ?? fallback;
  if (!(value > 0))
    throw new Error(
      `certificates.notifications.${key}: must be a positive number`,
    );
  return value;
}

/** `certificates.notifications`, defaults applied. */
export function readNotificationsConfig(root: Config): NotificationsConfig {
  const section = root.getOptionalConfig('certificates.notifications');
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    frequencyMinutes: section ? positive(section, 'frequencyMinutes', 2) : 2,
    maxEventAgeHours: section ? positive(section, 'maxEventAgeHours', 24) : 24,
  };
}

/**
 * The expiry warning window, the same as the CertificateExpiryWarning alert's
 * (docs/runbooks/CertificateExpiryWarning.md): renewal overdue by more than
 * `certificates.monitoring.expiryWarningMarginHours` (default 48).
 */
export function readExpiryWarningWindow(
  root: Config,
  platform: Pick<PlatformModel, 'config'>,
): ExpiryWarningWindow {
  const [, n, unit] = platform.config.renewBefore.match(/^([0-9]+)(h|m|s)$/)!;
  const marginHours =
    root.getOptionalNumber(
      'certificates.monitoring.expiryWarningMarginHours',
    ) ?? 48;
  return {
    renewBeforeMs: Number(n) * UNIT_MS[unit],
    marginMs: marginHours * 3600000,
  };
}
