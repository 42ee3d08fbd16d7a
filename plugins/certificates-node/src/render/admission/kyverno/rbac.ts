import { PlatformModel } from '@internal/plugin-certificates-common';
import { TENANT_ROLE_NAME } from '../../labels';
import { TENANT_ROLE_RULES } from '../../tenant/rbac';
import { celMap, celStringList } from '../cel';
import { PolicySpec, TEAM_VARIABLE } from './validatingPolicy';

/** CEL list literal of the rendered Role's rules. */
function allowedRulesCel(): string {
  return `[${TENANT_ROLE_RULES.map(r =>
    celMap([
      ['apiGroups', celStringList(r.apiGroups)],
      ['resources', celStringList(r.resources)],
      ['verbs', celStringList(r.verbs)],
    ]),
  ).join(', ')}]`;
}

/** CEL: rule `r` is covered by one of the rendered rules, with no wildcard (no `*` is in any allowed list). */
const RULE_ALLOWED =
  '!has(r.nonResourceURLs) && has(r.apiGroups) && has(r.resources) && ' +
  'variables.allowed.exists(a, r.apiGroups.all(g, g in a.apiGroups) && ' +
  'r.resources.all(x, x in a.resources) && r.verbs.all(v, v in a.verbs))';

/**
 * Roles in a tenant namespace: every rule within the rendered read-only rule
 * set. Argo CD applies with cluster-admin rights, so without this a Role
 * could hand the team secrets, pods/exec, serviceaccounts/token, escalate,
 * bind, impersonate or `*`.
 */
export function rolesPolicy(): PolicySpec {
  const describe =
    "(has(r.apiGroups) ? r.apiGroups.join(',') : '') + '/' + (has(r.resources) ? r.resources.join(',') : '') + ':' + r.verbs.join(',')";
  return {
    name: 'certificates-tenant-roles',
    description:
      'Roles in a tenant namespace may only grant what the platform renders: reading Certificates, CertificateRequests, Orders, Challenges and Events.',
    rules: [{ group: 'rbac.authorization.k8s.io', resources: ['roles'] }],
    variables: [
      { name: 'allowed', expression: allowedRulesCel() },
      {
        name: 'rules',
        expression: 'has(object.rules) ? object.rules : []',
      },
    ],
    validations: [
      {
        expression: `variables.rules.all(r, ${RULE_ALLOWED})`,
        message:
          'a Role in a tenant namespace may only grant get, list and watch on certificates, certificaterequests, orders, challenges and events (no secrets, pods/exec, serviceaccounts/token, escalate, bind, impersonate or "*")',
        messageExpression: `'Role rules not allowed in a tenant namespace (only get/list/watch on certificates, certificaterequests, orders, challenges, events): ' + variables.rules.filter(r, !(${RULE_ALLOWED})).map(r, ${describe}).join('; ')`,
      },
    ],
  };
}

/** RoleBindings in a tenant namespace: only the rendered Role or an allowed ClusterRole, only to the team's own group. */
export function roleBindingsPolicy(platform: PlatformModel): PolicySpec {
  const allowedClusterRoles = platform.config.tenant.allowedClusterRoles;
  return {
    name: 'certificates-tenant-rolebindings',
    description:
      "RoleBindings in a tenant namespace may only bind the platform's Role or the ClusterRoles the platform allows, and only to the team's group.",
    rules: [
      { group: 'rbac.authorization.k8s.io', resources: ['rolebindings'] },
    ],
    variables: [TEAM_VARIABLE],
    validations: [
      {
        expression:
          `(object.roleRef.kind == 'Role' && object.roleRef.name in ${celStringList(
            [TENANT_ROLE_NAME],
          )}) || ` +
          `(object.roleRef.kind == 'ClusterRole' && object.roleRef.name in ${celStringList(
            allowedClusterRoles,
          )})`,
        message: `a RoleBinding may only bind the Role ${TENANT_ROLE_NAME} or one of the ClusterRoles: ${
          allowedClusterRoles.join(', ') || '(none)'
        }`,
      },
      {
        expression:
          "has(object.subjects) && size(object.subjects) > 0 && object.subjects.all(s, s.kind == 'Group' && s.name == variables.team)",
        message:
          "a RoleBinding in a tenant namespace may only bind the team's own Group (named after the team); no users, ServiceAccounts or other groups",
        messageExpression:
          "'subjects other than Group ' + variables.team + ' are not allowed: ' + (has(object.subjects) ? object.subjects.filter(s, !(s.kind == 'Group' && s.name == variables.team)).map(s, s.kind + ' ' + s.name).join(', ') : '(none listed)')",
      },
    ],
  };
}
