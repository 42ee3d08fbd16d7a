import {
  BackstageUserPrincipal,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  certificatePlatformAdminPermission,
  certificateRequestCreatePermission,
  certificateRequestReadPermission,
} from '@internal/plugin-certificates-common';
import {
  certificateRequestConditions,
  createCertificateRequestConditionalDecision,
} from './conditionExports';

export type CertificatesPolicyOptions = {
  /** Group refs whose members administer the platform and read every team's requests. */
  platformAdmins: string[];
  /** Group refs whose members read every team's requests and status (auditors, on-call). */
  readAllGroups: string[];
};

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Reads `certificates.platformAdmins` and `certificates.readAllGroups`.
 * Bare names mean groups in the default namespace.
 */
export function readCertificatesPolicyOptions(
  config: Config,
): CertificatesPolicyOptions {
  const groups = (key: string) =>
    (config.getOptionalStringArray(`certificates.${key}`) ?? []).map(ref =>
      lower(ref.includes(':') ? ref : `group:default/${ref}`),
    );
  return {
    platformAdmins: groups('platformAdmins'),
    readAllGroups: groups('readAllGroups'),
  };
}

/**
 * The permission policy of the certificates platform:
 * - `certificate.platform.admin`: members of a platform admin group only;
 * - `certificate.request.read`: everything for platform admins and read-all
 *   groups, otherwise the requests of the user's teams and their own;
 * - `certificate.request.create`: the user's teams (the backend also checks
 *   the catalog membership on every write, whatever the policy says);
 * - other plugins' permissions: any signed-in user, nobody anonymous.
 */
export class CertificatesPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;
  private readonly readAll: Set<string>;

  constructor(
    options: CertificatesPolicyOptions,
    private readonly userInfo: UserInfoService,
  ) {
    this.admins = new Set(options.platformAdmins.map(lower));
    this.readAll = new Set(options.readAllGroups.map(lower));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const principal = user?.credentials.principal as
      | BackstageUserPrincipal
      | undefined;
    if (!user || principal?.type !== 'user')
      return { result: AuthorizeResult.DENY };
    const claims = await this.claimsOf(
      user.credentials as BackstageCredentials<BackstageUserPrincipal>,
    );
    const admin = claims.some(c => this.admins.has(c));
    const { permission } = request;

    if (isPermission(permission, certificatePlatformAdminPermission))
      return { result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    if (isPermission(permission, certificateRequestReadPermission)) {
      if (admin || claims.some(c => this.readAll.has(c)))
        return { result: AuthorizeResult.ALLOW };
      return createCertificateRequestConditionalDecision(permission, {
        anyOf: [
          certificateRequestConditions.isTeamMember({ claims }),
          certificateRequestConditions.isRequester({
            userEntityRef: principal.userEntityRef,
          }),
        ],
      });
    }
    if (isPermission(permission, certificateRequestCreatePermission)) {
      return createCertificateRequestConditionalDecision(
        permission,
        certificateRequestConditions.isTeamMember({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }

  private async claimsOf(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<string[]> {
    const info = await this.userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs.map(lower);
  }
}
