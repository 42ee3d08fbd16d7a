import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  CertificateRequestFilter,
  CertificateRequestResource,
  RESOURCE_TYPE_CERTIFICATE_REQUEST,
} from '@internal/plugin-certificates-common';
import { z } from 'zod';

/** The certificate request resource type as the permission framework knows it. */
export const certificateRequestResourceRef = createPermissionResourceRef<
  CertificateRequestResource,
  CertificateRequestFilter
>().with({
  pluginId: 'certificates',
  resourceType: RESOURCE_TYPE_CERTIFICATE_REQUEST,
});

const lower = (value: string) => value.toLocaleLowerCase('en-US');

type ResourceRef = typeof certificateRequestResourceRef;

/**
 * A zod 3 schema (validation) with its JSON Schema spelled out: the
 * permission framework wants a Standard JSON Schema, which zod 3 cannot
 * produce itself.
 */
function ruleParams<T>(schema: z.ZodType<T>, json: Record<string, unknown>) {
  const jsonSchema = { input: () => json, output: () => json };
  return { '~standard': { ...schema['~standard'], jsonSchema } };
}

const teamMemberParams = ruleParams(z.object({ claims: z.array(z.string()) }), {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: 'Entity refs, usually the user ownership refs',
    },
  },
  required: ['claims'],
  additionalProperties: false,
});
const requesterParams = ruleParams(z.object({ userEntityRef: z.string() }), {
  type: 'object',
  properties: {
    userEntityRef: {
      type: 'string',
      description: 'User entity ref of the requester',
    },
  },
  required: ['userEntityRef'],
  additionalProperties: false,
});

/**
 * Requests of a team whose Group is among the claims, which a policy takes
 * from the user's ownership refs (as the catalog's `isEntityOwner` does).
 */
export const isTeamMember = createPermissionRule<
  ResourceRef,
  { claims: string[] }
>({
  name: 'IS_TEAM_MEMBER',
  description:
    'Allow certificate requests of teams whose Group is among the given claims',
  resourceRef: certificateRequestResourceRef,
  paramsSchema: teamMemberParams,
  apply: (resource, { claims }) => claims.map(lower).includes(resource.group),
  toQuery: ({ claims }) => ({ property: 'group', values: claims.map(lower) }),
});

/** Requests the given user made, whichever team they are for. */
export const isRequester = createPermissionRule<
  ResourceRef,
  { userEntityRef: string }
>({
  name: 'IS_REQUESTER',
  description: 'Allow certificate requests made by the given user',
  resourceRef: certificateRequestResourceRef,
  paramsSchema: requesterParams,
  apply: (resource, { userEntityRef }) =>
    resource.requester !== undefined &&
    lower(resource.requester) === lower(userEntityRef),
  toQuery: ({ userEntityRef }) => ({
    property: 'requester',
    values: [lower(userEntityRef)],
  }),
});

export const certificateRequestRules = { isTeamMember, isRequester };
