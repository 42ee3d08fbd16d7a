import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { registeredDomainOf } from './registeredDomain';
import { IssuanceBudgetService, NewCertificate } from './types';

const TABLE = 'certificate_issuance_ledger';
const WEEK_MS = 7 * 24 * 3600 * 1000;

type Row = {
  kind: 'new' | 'renew';
  team: string;
  registered_domain: string | null;
  certificate: string;
  team_unit: boolean;
  created_at: Date;
};

/** The ledger rows of new certificates: one per certificate and registered domain it names. */
function newRows(
  team: string,
  certificates: NewCertificate[],
  platform: PlatformModel,
  now: Date,
): Row[] {
  const staging = new Set(
    platform.issuers.filter(i => i.staging).map(i => i.name),
  );
  return certificates
    .filter(c => !staging.has(c.issuer))
    .flatMap(c =>
      [...new Set(c.names.map(n => registeredDomainOf(n, platform)))].map(
        (domain, i) => ({
          kind: 'new' as const,
          team,
          registered_domain: domain,
          certificate: c.certificate,
          team_unit: i === 0,
          created_at: now,
        }),
      ),
    );
}

const asDate = (value: unknown) => new Date(value as string | number | Date);

/** When the oldest of the counted rows leaves the window, i.e. one more fits. */
const freedAt = (oldest: unknown, windowMs: number) =>
  new Date(asDate(oldest).getTime() + windowMs).toISOString();

export class KnexIssuanceBudget implements IssuanceBudgetService {
  constructor(
    private readonly db: Knex,
    private readonly platform: PlatformModel,
    private readonly now: () => Date,
  ) {}

  private get budget() {
    return this.platform.config.issuance;
  }

  /** Count and oldest time of the rows matching `where` since `since`. */
  private async usage(where: Partial<Row>, since: Date) {
    const row = await this.db(TABLE)
      .where(where)
      .andWhere('created_at', '>', since)
      .count({ n: '*' })
      .min({ oldest: 'created_at' })
      .first();
    return { used: Number(row?.n ?? 0), oldest: row?.oldest };
  }

  /**
   * Rows for the certificates of `certificates` not yet booked for `team`
   * within the week: a retried, re-submitted or updated request for the
   * same certificate is not a second new certificate.
   */
  private async unbooked(team: string, certificates: NewCertificate[]) {
    const since = new Date(this.now().getTime() - WEEK_MS);
    const booked = new Set(
      (
        await this.db(TABLE)
          .where({ kind: 'new', team })
          .andWhere('created_at', '>', since)
          .whereIn(
            'certificate',
            certificates.map(c => c.certificate),
          )
          .select('certificate')
      ).map(r => r.certificate as string),
    );
    return newRows(
      team,
      certificates.filter(c => !booked.has(c.certificate)),
      this.platform,
      this.now(),
    );
  }

  async assertNewCertificates(team: string, certificates: NewCertificate[]) {
    const since = new Date(this.now().getTime() - WEEK_MS);
    const { perTeamPerWeek, perRegisteredDomainPerWeek } = this.budget;
    // One row per certificate: a certificate across two registered domains is one of the team's.
    const rows = await this.unbooked(team, certificates);
    const counted = rows.filter(r => r.team_unit).length;
    if (counted === 0) return;
    const forTeam = await this.usage(
      { kind: 'new', team, team_unit: true },
      since,
    );
    if (forTeam.used + counted > perTeamPerWeek)
      throw new ConflictError(
        `team: team ${team} has asked for ${
          forTeam.used
        } new certificates in the last 7 days; ${counted} more would exceed its issuance budget of ${perTeamPerWeek} a week (certificates.issuance.perTeamPerWeek), which keeps the shared ACME account within Let's Encrypt's limits. Try again after ${freedAt(
          forTeam.oldest,
          WEEK_MS,
        )}`,
      );
    const wanted = new Map<string, number>();
    for (const row of rows)
      wanted.set(
        row.registered_domain!,
        (wanted.get(row.registered_domain!) ?? 0) + 1,
      );
    for (const [domain, count] of wanted) {
      const { used, oldest } = await this.usage(
        { kind: 'new', registered_domain: domain },
        since,
      );
      if (used + count > perRegisteredDomainPerWeek)
        throw new ConflictError(
          `dnsNames: the registered domain ${domain} has ${used} new certificates in the last 7 days from all teams; ${count} more would exceed the shared budget of ${perRegisteredDomainPerWeek} a week (certificates.issuance.perRegisteredDomainPerWeek; Let's Encrypt allows 50 per registered domain). Try again after ${freedAt(
            oldest,
            WEEK_MS,
          )}`,
        );
    }
  }

  async recordNewCertificates(team: string, certificates: NewCertificate[]) {
    const rows = await this.unbooked(team, certificates);
    if (rows.length > 0) await this.db(TABLE).insert(rows);
  }

  async assertRenewal(team: string, certificate: string) {
    const cooldownMs = this.budget.renewCooldownHours * 3600 * 1000;
    const last = await this.db(TABLE)
      .where({ kind: 'renew', team, certificate })
      .max({ at: 'created_at' })
      .first();
    if (!last?.at) return;
    const at = asDate(last.at);
    if (this.now().getTime() - at.getTime() < cooldownMs)
      throw new ConflictError(
        `certificate: ${certificate} was last renewed now at ${at.toISOString()}; "renew now" is allowed once every ${
          this.budget.renewCooldownHours
        } hours per certificate (certificates.issuance.renewCooldownHours), since every renewal counts against Let's Encrypt's 5 duplicate certificates a week. Try again after ${freedAt(
          at,
          cooldownMs,
        )}`,
      );
  }

  async recordRenewal(team: string, certificate: string) {
    await this.db(TABLE).insert({
      kind: 'renew',
      team,
      registered_domain: null,
      certificate,
      team_unit: false,
      created_at: this.now(),
    });
  }
}

/** The issuance budgets over the plugin's database (the request store runs the migrations). */
export async function createIssuanceBudgetService(options: {
  database: DatabaseService;
  platform: PlatformModel;
  now?: () => Date;
}): Promise<IssuanceBudgetService> {
  return new KnexIssuanceBudget(
    await options.database.getClient(),
    options.platform,
    options.now ?? (() => new Date()),
  );
}
