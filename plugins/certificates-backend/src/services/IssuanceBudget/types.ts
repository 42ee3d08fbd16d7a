/** One new certificate a request asks for: its name, DNS names and ClusterIssuer. */
export type NewCertificate = {
  certificate: string;
  names: string[];
  issuer: string;
};

/**
 * The issuance budgets (`certificates.issuance`), enforced where requests
 * enter. Certificates from a staging issuer (`issuers[].staging`) are not
 * counted: staging limits are far higher and shared with nobody's production.
 * enter: `assert*` refuses with a ConflictError (409) whose message starts
 * with the field and names the budget and when to try again; `record*` books
 * what was admitted. Counted over a sliding 7 days, shared by every backend
 * instance through the database.
 */
export interface IssuanceBudgetService {
  /**
   * Refuses when `certificates` of `team` would exceed the team's or a
   * registered domain's weekly budget. A certificate (by name) already
   * booked for the team this week is not counted again.
   */
  assertNewCertificates(
    team: string,
    certificates: NewCertificate[],
  ): Promise<void>;
  recordNewCertificates(
    team: string,
    certificates: NewCertificate[],
  ): Promise<void>;
  /** Refuses a "renew now" of `certificate` within the cooldown of its last one. */
  assertRenewal(team: string, certificate: string): Promise<void>;
  recordRenewal(team: string, certificate: string): Promise<void>;
}
