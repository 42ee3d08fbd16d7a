export {
  createCertificateNotifier,
  isUserRef,
  teamChannel,
} from './createCertificateNotifier';
export type {
  CertificateNotifier,
  CertificateNotifierOptions,
  NotifierRunResult,
} from './createCertificateNotifier';
export { readNotificationsConfig, readExpiryWarningWindow } from './config';
export { requestEvents, statusEvents } from './events';
export { NOTIFICATION_TOPIC } from './send';
export { scheduleCertificateNotifier } from './schedule';
export type * from './types';
export { setupCertificateNotifications } from './setup';
export { withChangeSignals, withLifecycleChangeSignals } from './changeSignals';
export { createChangeFeed } from './changeFeed';
export { createTriggeredRunner, NOTIFY_DEBOUNCE_MS } from './notifyTrigger';
export type { TriggeredRunner } from './notifyTrigger';
