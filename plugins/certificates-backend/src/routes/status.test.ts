import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createApiRouter } from '../router';
import { statusRoutes } from './status';
import {
  CertificateEntityProvider,
  certificateEntityName,
} from '../catalog/entityProvider';
import {
  fakeStore,
  storedRequest,
} from '../services/Status/__testUtils__/fakeUpstream';
import { StatusService } from '../services/Status';
import { RenewalService } from '../services/Lifecycle';
import { RequestAccess } from '../permissions';

function app(
  status: Partial<StatusService>,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  renewClusters: string[] = [],
) {
  const access = {
    allowed: async () => result === AuthorizeResult.ALLOW,
  } as unknown as RequestAccess;
  return Promise.resolve(
    createApiRouter([
      statusRoutes({
        httpAuth: mockServices.httpAuth(),
        access,
        // The route sends the service's serialised answer; here it is the fake's teamStatus.
        status: {
          teamStatusJson: async (team: string) =>
            JSON.stringify(await status.teamStatus!(team)),
          ...status,
        } as StatusService,
        renewal: { clusters: renewClusters } as unknown as RenewalService,
        teamNames: () => ['team-a', 'team-b'],
      }),
    ]),
  ).then(router => {
    const a = express();
    a.use(router);
    a.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    return a;
  });
}

describe('status router', () => {
  const teamStatus = jest.fn(async (team: string) => ({
    team,
    observedAt: 'now',
    clusters: [],
    items: [],
  }));
  const certificateStatus = jest.fn(async () => undefined);

  it('returns the team status', async () => {
    const res = await request(
      await app({ teamStatus, certificateStatus } as any),
    ).get('/teams/team-a/certificates');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      team: 'team-a',
      observedAt: 'now',
      clusters: [],
      items: [],
    });
  });

  it("says in a certificate's answer whether Renew now can act on it, and why not", async () => {
    const found = jest.fn(async () => ({
      team: 'team-a',
      certificateName: 'shop',
      cluster: 'prod',
    }));
    const off = await request(
      await app({ teamStatus, certificateStatus: found } as any),
    ).get('/certificates/team-a/shop');
    expect(off.status).toBe(200);
    expect(off.body.renew).toEqual({
      allowed: false,
      reason: expect.stringMatching(
        /^Renewing from Backstage is not turned on/,
      ),
    });
    const elsewhere = await request(
      await app({ teamStatus, certificateStatus: found } as any, undefined, [
        'staging',
      ]),
    ).get('/certificates/team-a/shop');
    expect(elsewhere.body.renew).toEqual({
      allowed: false,
      reason:
        'The certificate is on prod, where renewing from Backstage is not turned on.',
    });
    const on = await request(
      await app({ teamStatus, certificateStatus: found } as any, undefined, [
        'prod',
      ]),
    ).get('/certificates/team-a/shop');
    expect(on.body).toMatchObject({
      certificateName: 'shop',
      renew: { allowed: true },
    });
  });

  it('names the invalid field', async () => {
    const a = await app({ teamStatus, certificateStatus } as any);
    const bad = await request(a).get('/teams/Team_A/certificates');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^team: /);
    const badName = await request(a).get('/certificates/team-a/Not_Valid');
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/^name: /);
  });

  it('404s an unknown certificate', async () => {
    const res = await request(
      await app({ teamStatus, certificateStatus } as any),
    ).get('/certificates/team-a/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('certificate team-a/nope not found');
  });

  it('answers a team the caller may not read as not found, without reading it', async () => {
    teamStatus.mockClear();
    const res = await request(
      await app({ teamStatus, certificateStatus } as any, AuthorizeResult.DENY),
    ).get('/teams/team-a/certificates');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('team team-a not found');
    expect(teamStatus).not.toHaveBeenCalled();
  });

  it('answers an unconfigured team as not found, without reading it', async () => {
    teamStatus.mockClear();
    certificateStatus.mockClear();
    const a = await app({ teamStatus, certificateStatus } as any);
    const res = await request(a).get('/teams/team-zz/certificates');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('team team-zz not found');
    const detail = await request(a).get('/certificates/team-zz/api');
    expect(detail.status).toBe(404);
    expect(teamStatus).not.toHaveBeenCalled();
    expect(certificateStatus).not.toHaveBeenCalled();
  });
});

describe('CertificateEntityProvider', () => {
  it('emits one Resource per open certificate with a full mutation', async () => {
    const store = fakeStore([
      storedRequest('team-a', 'api'),
      storedRequest('team-a', 'old', { state: 'closed' }),
      storedRequest('team-b', 'web', { state: 'pr-open' }),
    ]);
    const provider = new CertificateEntityProvider({
      store,
      logger: mockServices.logger.mock(),
      status: {
        clusterNames: ['prod', 'edge'],
        cachedClusters: async (team: string): Promise<Record<string, string>> =>
          team === 'team-a' ? { api: 'prod' } : {},
      },
    });
    const applyMutation = jest.fn();
    await provider.connect({ applyMutation, refresh: jest.fn() });
    expect(await provider.refresh()).toBe(2);
    const mutation = applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'team-a-api',
      'team-b-web',
    ]);
    const api = mutation.entities[0].entity;
    expect(api.spec).toEqual({
      type: 'tls-certificate',
      owner: 'group:default/team-a',
    });
    expect(api.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'team-a',
      'certificates.backstage.io/namespace': 'team-a',
      'certificates.backstage.io/cluster': 'prod',
      'certificates.backstage.io/names': 'api.team-a.example.com',
    });
    expect(
      mutation.entities[1].entity.metadata.annotations[
        'certificates.backstage.io/cluster'
      ],
    ).toBeUndefined();
  });

  it('keeps entity names within 63 characters', () => {
    const name = certificateEntityName('a'.repeat(40), 'b'.repeat(40));
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/);
  });
});
