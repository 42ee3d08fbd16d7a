import { ServerResponse } from 'node:http';
import { sendJson } from '../http';

/** A `metav1.Status` failure, the body every Kubernetes API error carries. */
export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  sendJson(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}
