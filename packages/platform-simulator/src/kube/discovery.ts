import { apiVersionOf, ResourceType, RESOURCES } from './resources';

const all = Object.values(RESOURCES) as ResourceType[];
const VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

/** `GET /apis`: the API groups served, each with its one version (APIGroupList). */
export function apiGroupList() {
  const groups = [...new Set(all.filter(r => r.group).map(apiVersionOf))];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(groupVersion => {
      const [name, version] = groupVersion.split('/');
      const v = { groupVersion, version };
      return { name, versions: [v], preferredVersion: v };
    }),
  };
}

/** `GET /api`: the core group's versions (APIVersions). */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis/<group>/<version>` or `/api/v1`: the resources of one group version (APIResourceList). */
export function apiResourceList(group: string, version: string) {
  const served = all.filter(r => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap(r => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      },
      ...(r.status
        ? [
            {
              name: `${r.plural}/status`,
              singularName: '',
              namespaced: r.namespaced,
              kind: r.kind,
              verbs: ['get', 'patch', 'update'],
            },
          ]
        : []),
    ]),
  };
}
