import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

type Meta = JsonObject;

/**
 * Runs a change inside an auditor event: `success` with the meta known
 * before and what `resultMeta` adds from the result, or `fail` with the
 * error, which is thrown on.
 */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  event: {
    eventId: string;
    severityLevel: 'low' | 'medium' | 'high';
    meta?: Meta;
    resultMeta?: (result: T) => Meta;
  },
  run: () => Promise<T>,
): Promise<T> {
  const auditorEvent = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel,
    request: req,
    meta: event.meta,
  });
  try {
    const result = await run();
    await auditorEvent.success({
      meta: { ...event.meta, ...event.resultMeta?.(result) },
    });
    return result;
  } catch (error) {
    await auditorEvent.fail({ error: error as Error, meta: event.meta });
    throw error;
  }
}
