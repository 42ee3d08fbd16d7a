import { mockServices } from '@backstage/backend-test-utils';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import {
  fakeStore,
  memoryCache,
  storedRequest,
} from '../services/Status/__testUtils__/fakeUpstream';
import { RequestStore } from '../services/RequestStore';
import { createStatusFeatures } from '../services/Status/createStatusFeatures';

const platform = createPlatformModel({
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cf', key: 'token' },
      },
    },
  ],
  issuers: [
    {
      name: 'letsencrypt-prod',
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'p@example.com',
    },
  ],
  teams: [
    { name: 'team-a', group: 'group:payments/Shop-Team' },
    { name: 'team-b', group: 'team-b-admins' },
    { name: 'team-c' },
  ],
});

describe('certificate entities owned by the team group', () => {
  it('sets spec.owner from teams[].group, or group:default/<team> without one', async () => {
    const { entityProvider } = await createStatusFeatures({
      config: mockServices.rootConfig({ data: {} }),
      logger: mockServices.logger.mock(),
      cache: memoryCache(),
      store: fakeStore([
        storedRequest('team-a', 'api'),
        storedRequest('team-b', 'web'),
        storedRequest('team-c', 'www'),
      ]) as unknown as RequestStore,
      platform,
    });
    const owners = Object.fromEntries(
      (await entityProvider.entities()).map(e => [
        e.metadata.name,
        e.spec?.owner,
      ]),
    );
    expect(owners).toEqual({
      'team-a-api': 'group:payments/shop-team',
      'team-b-web': 'group:default/team-b-admins',
      'team-c-www': 'group:default/team-c',
    });
  });
});
