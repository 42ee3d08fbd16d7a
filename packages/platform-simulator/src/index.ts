/**
 * A local stand-in for the platform the certificates status reads: the
 * Kubernetes API (Argo CD, cert-manager, External Secrets) and Vault's
 * KV v2 metadata, following the local GitOps repository.
 */
export { createPlatformSimulator } from './simulator';
export type { PlatformSimulator, PlatformSimulatorOptions } from './simulator';
export { SimulatorClock } from './clock';
export { FAULT_KINDS } from './faults';
export type { Fault, FaultKind } from './faults';
export { readSimulatorConfig } from './config';
export type { SimulatorConfig } from './config';
export { parseDuration } from './durations';
export { TestGitopsRepo, TEST_PLATFORM_CONFIG } from './testing/gitopsRepo';
