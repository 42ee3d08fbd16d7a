import {
  BulkPreview,
  BulkRowResult,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { batchChangeSet } from './batchChange';
import { ValidBulkRow } from './types';

/**
 * What a bulk request would do, for the preview table: each team's
 * certificates and the files of its pull request (rendered as they would
 * be published), and every rejected row with its problems.
 */
export function bulkPreview(
  valid: ValidBulkRow[],
  rejected: BulkRowResult[],
  platform: PlatformModel,
  requestedBy: string,
): BulkPreview {
  const byTeam = new Map<string, ValidBulkRow[]>();
  for (const r of valid) {
    const team = r.resolved.request.team;
    byTeam.set(team, [...(byTeam.get(team) ?? []), r]);
  }
  const teams = [...byTeam]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([team, list]) => ({
      team,
      certificates: list.map(r => ({
        row: r.row,
        certificateName: r.resolved.certificateName,
        names: r.resolved.names,
      })),
      files: batchChangeSet({
        team,
        batchId: 'preview',
        requestedBy,
        requests: list.map(r => ({ id: `row-${r.row}`, resolved: r.resolved })),
        platform,
      }).files.map(f => f.path),
    }));
  const rows: BulkRowResult[] = [
    ...rejected,
    ...valid.map(r => ({
      row: r.row,
      outcome: 'created' as const,
      team: r.resolved.request.team,
      certificateName: r.resolved.certificateName,
    })),
  ].sort((a, b) => a.row - b.row);
  return { rows, teams };
}
