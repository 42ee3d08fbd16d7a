import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createPlatformModel,
  parseCertificateRequest,
  PlatformModel,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  renderDecommissionPaths,
  renderRequestFiles,
} from '@internal/plugin-certificates-node';

/** The platform of the embedded defaults (team-a owns shop.example.com, team-b example.org). */
export const TEST_PLATFORM_CONFIG = {
  renewBefore: '720h',
  issuers: [
    {
      name: 'letsencrypt-prod',
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'platform@example.com',
    },
  ],
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
      },
    },
  ],
  teams: [
    {
      name: 'team-a',
      grants: [{ zone: 'example.com', subtree: 'shop', wildcard: true }],
    },
  ],
};

/**
 * A throw-away GitOps repository holding what the backend's pull requests
 * would merge: files rendered by the real renderer, one commit per change.
 */
export class TestGitopsRepo {
  readonly dir: string;
  readonly platform: PlatformModel;
  private readonly subdomains = new Map<string, string>();

  constructor(config: Record<string, unknown> = TEST_PLATFORM_CONFIG) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-gitops-'));
    this.platform = createPlatformModel(config);
    this.git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(this.dir, 'README.md'), 'GitOps\n');
    this.commit('init');
  }

  private git(...args: string[]) {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }

  private commit(message: string) {
    this.git('add', '-A');
    this.git(
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.com',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      message,
    );
  }

  /** Merges requests for `<sub>.shop.example.com` of team-a; returns their certificate names. */
  private resolve(sub: string) {
    const parsed = parseCertificateRequest({
      team: 'team-a',
      domain: 'example.com',
      subdomain: `${sub}.shop`,
      issuer: 'letsencrypt-prod',
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const resolved = resolveCertificateRequest(parsed.request, this.platform);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    return resolved;
  }

  addCertificates(
    subdomains: string[],
    options: { duration?: string } = {},
  ): string[] {
    const names: string[] = [];
    for (const sub of subdomains) {
      const resolved = this.resolve(sub);
      this.subdomains.set(resolved.resolved.certificateName, sub);
      for (const file of renderRequestFiles(resolved.resolved, this.platform)) {
        const target = path.join(this.dir, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        let content = file.content;
        if (options.duration && file.path.endsWith('certificate.yaml'))
          content = content.replace(
            /duration: \S+/,
            `duration: ${options.duration}`,
          );
        fs.writeFileSync(target, content);
      }
      names.push(resolved.resolved.certificateName);
    }
    this.commit(`add ${subdomains.join(', ')}`);
    return names;
  }

  /** Merges the decommission of one certificate, as its pull request would. */
  removeCertificate(name: string) {
    const sub = this.subdomains.get(name);
    if (!sub) throw new Error(`${name}: not added by this repository`);
    this.subdomains.delete(name);
    const paths = renderDecommissionPaths(
      this.resolve(sub).resolved,
      this.platform,
      {
        lastOfTeam: this.subdomains.size === 0,
      },
    );
    for (const p of paths)
      fs.rmSync(path.join(this.dir, p), { recursive: true, force: true });
    this.commit(`decommission ${name}`);
  }

  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
