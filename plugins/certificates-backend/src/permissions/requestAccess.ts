import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionAuthorizer,
  createConditionTransformer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  certificatePlatformAdminPermission,
  certificateRequestCreatePermission,
  certificateRequestReadPermission,
  CertificateRequestFilter,
  CertificateRequestResource,
  PlatformModel,
  RESOURCE_TYPE_CERTIFICATE_REQUEST,
} from '@internal/plugin-certificates-common';
import { teamGroupEntityRef } from '../services/Membership';
import { RequestListCriteria } from '../services/RequestStore';
import { certificateRequestResourceRef } from './rules';

/** Which requests a caller may see or act on, as the permission policy decides. */
export interface RequestAccess {
  /** The resource rules see for a request of `team` made by `requester`. */
  resourceOf(team: string, requester?: string): CertificateRequestResource;
  /**
   * A predicate over resources for one permission, decided once per call:
   * ALLOW and DENY answer every resource alike, a conditional decision is
   * applied to each.
   */
  filter(
    credentials: BackstageCredentials,
    permission: 'read' | 'create',
  ): Promise<(resource: CertificateRequestResource) => boolean>;
  /** Whether the caller may do this to the request of `team` by `requester`. */
  allowed(
    credentials: BackstageCredentials,
    permission: 'read' | 'create',
    team: string,
    requester?: string,
  ): Promise<boolean>;
  /**
   * What the caller may read, as a store query: undefined for everything,
   * the policy's conditions translated to teams and requesters otherwise.
   */
  readableCriteria(
    credentials: BackstageCredentials,
  ): Promise<RequestListCriteria | undefined>;
  /** Throws NotAllowedError unless the caller administers the platform. */
  assertAdmin(credentials: BackstageCredentials): Promise<void>;
}

const PERMISSIONS: Record<'read' | 'create', ResourcePermission> = {
  read: certificateRequestReadPermission,
  create: certificateRequestCreatePermission,
};

export function createRequestAccess(options: {
  permissions: PermissionsService;
  permissionsRegistry: Pick<PermissionsRegistryService, 'getPermissionRuleset'>;
  platform: PlatformModel;
}): RequestAccess {
  const { permissions, platform } = options;
  // Read on first use: the plugin registers the resource type after creating this.
  type Apply = (
    decision: PolicyDecision,
    resource: CertificateRequestResource,
  ) => boolean;
  let applyConditions: Apply | undefined;
  const apply: Apply = (decision, resource) => {
    applyConditions ??= createConditionAuthorizer(
      options.permissionsRegistry.getPermissionRuleset(
        certificateRequestResourceRef,
      ),
    );
    return applyConditions(decision, resource);
  };

  let transform: ConditionTransformer<CertificateRequestFilter> | undefined;
  /** A rule's query (group or requester) as a store condition (team or created_by). */
  function toStore(
    criteria: PermissionCriteria<CertificateRequestFilter>,
  ): RequestListCriteria {
    if (isAndCriteria(criteria)) {
      const [first, ...rest] = criteria.allOf;
      return { allOf: [toStore(first), ...rest.map(toStore)] };
    }
    if (isOrCriteria(criteria)) {
      const [first, ...rest] = criteria.anyOf;
      return { anyOf: [toStore(first), ...rest.map(toStore)] };
    }
    if (isNotCriteria(criteria)) return { not: toStore(criteria.not) };
    if (criteria.property === 'requester')
      return { column: 'created_by', values: criteria.values };
    const groups = new Set(criteria.values);
    return {
      column: 'team',
      values: platform
        .teamNames()
        .filter(team => groups.has(teamGroupEntityRef(platform, team))),
    };
  }

  function resourceOf(team: string, requester?: string) {
    return { team, group: teamGroupEntityRef(platform, team), requester };
  }

  async function filter(
    credentials: BackstageCredentials,
    permission: 'read' | 'create',
  ) {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: PERMISSIONS[permission] }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      const allowed = decision.result === AuthorizeResult.ALLOW;
      return () => allowed;
    }
    // Conditions meant for another resource type cannot hold for a request.
    if (decision.resourceType !== RESOURCE_TYPE_CERTIFICATE_REQUEST)
      return () => false;
    return (resource: CertificateRequestResource) => apply(decision, resource);
  }

  return {
    resourceOf,
    filter,
    async allowed(credentials, permission, team, requester) {
      const test = await filter(credentials, permission);
      return test(resourceOf(team, requester));
    },
    async readableCriteria(credentials) {
      const [decision] = await permissions.authorizeConditional(
        [{ permission: certificateRequestReadPermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.ALLOW) return undefined;
      if (
        decision.result !== AuthorizeResult.CONDITIONAL ||
        decision.resourceType !== RESOURCE_TYPE_CERTIFICATE_REQUEST
      )
        return { column: 'team', values: [] };
      transform ??= createConditionTransformer(
        options.permissionsRegistry.getPermissionRuleset(
          certificateRequestResourceRef,
        ),
      );
      return toStore(transform(decision.conditions));
    },
    async assertAdmin(credentials) {
      const permission: BasicPermission = certificatePlatformAdminPermission;
      const [decision] = await permissions.authorize([{ permission }], {
        credentials,
      });
      if (decision.result !== AuthorizeResult.ALLOW)
        throw new NotAllowedError(`permission ${permission.name} is required`);
    },
  };
}
