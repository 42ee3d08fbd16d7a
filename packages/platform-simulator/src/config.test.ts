import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { readSimulatorConfig } from './config';
import { createPlatformSimulator } from './simulator';

const root = path.resolve(__dirname, '../../..');
const backendDir = path.join(root, 'packages/backend');
const load = (...files: string[]) =>
  ConfigReader.fromConfigs(
    files.map(f => ({
      context: f,
      data: parse(fs.readFileSync(path.join(root, f), 'utf8')),
    })),
  );

describe('readSimulatorConfig', () => {
  it("serves what app-config.yaml points the backend at: one port, the service account, Vault's Kubernetes login", () => {
    const config = readSimulatorConfig(load('app-config.yaml'), backendDir)!;
    expect(config).toMatchObject({
      clusterName: 'simulated',
      port: 7010,
      host: '127.0.0.1',
      gitopsPath: path.join(root, 'data/gitops'),
      branch: 'main',
      kvMount: 'kv',
      vaultKubernetesAuth: {
        role: 'backstage-certificates-status',
        mountPath: 'kubernetes',
      },
      vaultJwtPath: path.join(
        root,
        'data/platform-simulator/serviceaccount-token',
      ),
    });
    expect(config.clusterTokens).toEqual([config.vaultKubernetesAuth!.jwt]);
    expect(config.issuers?.map(i => i.name)).toEqual([
      'letsencrypt-staging',
      'letsencrypt-prod',
    ]);
  });

  it('follows the e2e overlay to its GitOps folder', () => {
    const config = readSimulatorConfig(
      load('app-config.yaml', 'e2e/app-config.e2e.yaml'),
      backendDir,
    )!;
    expect(config.gitopsPath).toBe(
      path.join(root, 'artifacts/e2e-data/gitops'),
    );
  });

  it('has nothing to simulate in production', () => {
    expect(
      readSimulatorConfig(
        load('app-config.yaml', 'app-config.production.yaml'),
        backendDir,
      ),
    ).toBeUndefined();
  });

  it('says which field is wrong when Vault is elsewhere', () => {
    const config = new ConfigReader({
      certificates: {
        gitops: { local: { path: 'x' } },
        status: {
          clusters: [
            {
              name: 'c',
              url: 'http://127.0.0.1:7010',
              serviceAccountToken: 't',
            },
          ],
          vault: { address: 'https://vault.example.com', token: 'v' },
        },
      },
    });
    expect(() => readSimulatorConfig(config, backendDir)).toThrow(
      /^certificates\.status\.vault\.address: /,
    );
  });
});

describe("the simulated Vault's Kubernetes auth", () => {
  it('issues a token for the role and service account token, and refuses others', async () => {
    const sim = await createPlatformSimulator(
      {
        gitopsPath: '/nonexistent',
        clusterTokens: ['sa'],
        vaultKubernetesAuth: {
          mountPath: 'kubernetes',
          role: 'reader',
          jwt: 'sa',
        },
      },
      false,
    );
    try {
      const login = (body: unknown) =>
        fetch(`${sim.url}/v1/auth/kubernetes/login`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
      expect((await login({ role: 'reader', jwt: 'other' })).status).toBe(403);
      expect((await login({ role: 'writer', jwt: 'sa' })).status).toBe(400);
      const ok = await login({ role: 'reader', jwt: 'sa' });
      const token = (await ok.json()).auth.client_token;
      const missing = await fetch(`${sim.url}/v1/kv/metadata/certs/team-a/x`, {
        headers: { 'x-vault-token': token },
      });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ errors: [] });
      const denied = await fetch(`${sim.url}/v1/kv/metadata/certs/team-a/x`, {
        headers: { 'x-vault-token': 'nope' },
      });
      expect(denied.status).toBe(403);
    } finally {
      await sim.close();
    }
  });
});
