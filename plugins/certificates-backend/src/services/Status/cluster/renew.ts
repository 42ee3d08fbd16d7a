import {
  ApiException,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { isJsonObject } from '../resources';
import { KINDS } from './kinds';

/**
 * What `cmctl renew` does: sets the Certificate's `Issuing` condition True
 * (reason `ManuallyTriggered`) on its status subresource, and cert-manager
 * issues again. A Certificate already issuing is left alone, as cmctl
 * does. The patch carries the resourceVersion read, so a concurrent
 * status change fails (409) instead of being overwritten. Undefined when
 * the Certificate is absent.
 */
export async function renewCertificate(
  custom: CustomObjectsApi,
  namespace: string,
  name: string,
  now: Date,
): Promise<'renewed' | 'in-progress' | undefined> {
  const k = KINDS.certificates;
  const ref = { group: k.group, version: k.version, plural: k.plural };
  let raw: unknown;
  try {
    raw = await custom.getNamespacedCustomObject({
      ...ref,
      namespace,
      name,
    });
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
  const o = isJsonObject(raw) ? raw : {};
  const meta = isJsonObject(o.metadata) ? o.metadata : {};
  const status = isJsonObject(o.status) ? o.status : {};
  const conditions = (
    Array.isArray(status.conditions) ? status.conditions : []
  ).filter(isJsonObject);
  if (conditions.some(c => c.type === 'Issuing' && c.status === 'True'))
    return 'in-progress';
  const issuing = {
    type: 'Issuing',
    status: 'True',
    reason: 'ManuallyTriggered',
    message: 'Certificate re-issuance manually triggered',
    lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(typeof meta.generation === 'number'
      ? { observedGeneration: meta.generation }
      : {}),
  };
  await custom.patchNamespacedCustomObjectStatus(
    {
      ...ref,
      namespace,
      name,
      fieldManager: 'backstage-certificates',
      body: {
        metadata: { resourceVersion: meta.resourceVersion },
        status: {
          conditions: [
            ...conditions.filter(c => c.type !== 'Issuing'),
            issuing,
          ],
        },
      },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  return 'renewed';
}
