import fs from 'fs';
import path from 'path';
import { load, loadAll } from 'js-yaml';
import {
  createPlatformModel,
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles, renderRequestFiles, renderTenantFiles } from '..';
import { renderAdmissionFiles, renderApproverPolicyFiles } from '../admission';
import {
  collectCelExpressions,
  evaluatedExpressions,
} from '../admission/__testUtils__/celEvaluator';
import {
  appProjectVerdict,
  approverVerdict,
  kyvernoVerdict,
  LayerVerdict,
  quotaVerdict,
  Verdict,
} from '../admission/__testUtils__/layers';
import { validRequestBodies } from '../admission/__testUtils__/requests';
import { CERTIFICATE_COUNT_QUOTA } from '../tenant/namespace';
import { createManifestValidator } from '../../validation';
import { checkTenantFiles } from '../../repositoryCheck/checkTenantFiles';
import { tenantFileRules } from '../../repositoryCheck/tenantFileRules';
import {
  createTestPlatform,
  idnTwinsConfig,
  nestedZonesConfig,
  resolveOrThrow,
} from '../../testing/platforms';
import {
  ATTACK_CORPUS,
  CorpusAttack,
  Expectation,
  Layer,
} from '../admission/__testUtils__/attackCorpus';

const ATTACKS_DIR = path.resolve(__dirname, '../__fixtures__/attacks');
const SECURITY_DOC = path.resolve(__dirname, '../../../../../docs/security.md');

const docsOf = (files: RenderedFile[]) =>
  files
    .filter(f => f.path.endsWith('.yaml') && !f.path.startsWith('.github/'))
    .map(f => load(f.content) as any);

/** Everything the layers need about one platform, rendered once. */
function layersOf(platform: PlatformModel) {
  const platformDocs = docsOf(renderPlatformFiles(platform));
  return {
    platform,
    policies: docsOf(renderAdmissionFiles(platform)).filter(
      d => d.kind === 'ValidatingPolicy',
    ),
    approverDocs: docsOf(renderApproverPolicyFiles(platform)),
    platformDocs,
    platformProject: platformDocs.find(
      d =>
        d.kind === 'AppProject' && d.metadata.name === 'certificates-platform',
    ),
    tenantDocs: (team: string) => docsOf(renderTenantFiles(team, platform)),
    tenantProject: (team: string) =>
      docsOf(renderTenantFiles(team, platform)).find(
        d => d.kind === 'AppProject',
      ),
  };
}

const PLATFORMS = {
  main: layersOf(createTestPlatform()),
  nested: layersOf(createPlatformModel(nestedZonesConfig())),
  idn: layersOf(createPlatformModel(idnTwinsConfig())),
};

type Layers = (typeof PLATFORMS)['main'];

/** The path a file is committed as: the attack's own, or where a request would put an object of its kind and name. */
function committedPath(team: string, doc: any, committedAs?: string): string {
  const below =
    committedAs ??
    `certificates/${doc?.metadata?.name}/${String(
      doc?.kind,
    ).toLowerCase()}.yaml`;
  return `tenants/${team}/${below}`;
}

/** The repository check's verdict on one committed file. */
function repositoryVerdict(
  platform: PlatformModel,
  file: { path: string; mode: string; content: string },
): Verdict {
  const problems = checkTenantFiles([file], tenantFileRules(platform), text =>
    loadAll(text),
  );
  return problems.length === 0
    ? { allowed: true }
    : { allowed: false, message: problems.join('\n') };
}

type CommitOptions = {
  operation?: 'UPDATE';
  existingCertificates?: number;
  oldRequest?: Record<string, unknown>;
  committedAs?: string;
  mode?: string;
  /** The file's text as committed; rendered from `doc` when absent. */
  content?: string;
};

/** The verdict of every layer on one committed object. */
function verdicts(
  layers: Layers,
  team: string,
  doc: any,
  options: CommitOptions = {},
): Record<Layer, LayerVerdict> {
  const repository = repositoryVerdict(layers.platform, {
    path: committedPath(team, doc, options.committedAs),
    mode: options.mode ?? '100644',
    content: options.content ?? JSON.stringify(doc),
  });
  // Not a Kubernetes object (a source override, a link's target): only the repository check sees it.
  if (typeof doc?.kind !== 'string' || typeof doc?.metadata !== 'object')
    return {
      repository,
      appProject: 'n/a',
      kyverno: 'n/a',
      approver: 'n/a',
      quota: 'n/a',
    };
  let old: any;
  if (options.operation === 'UPDATE') {
    const rendered = options.oldRequest
      ? docsOf(
          renderRequestFiles(
            resolveOrThrow(options.oldRequest, layers.platform),
            layers.platform,
          ),
        )
      : layers.tenantDocs(team);
    old = rendered.find(
      d => d.kind === doc.kind && d.metadata.name === doc.metadata.name,
    );
    if (!old)
      throw new Error(
        `UPDATE of ${doc.kind} ${doc.metadata.name}: not rendered`,
      );
  }
  const quota = layers.tenantDocs(team).find(d => d.kind === 'ResourceQuota');
  return {
    repository,
    appProject: appProjectVerdict(layers.tenantProject(team), doc, team),
    kyverno: kyvernoVerdict(layers.policies, doc, options.operation, old),
    approver: approverVerdict(layers.approverDocs, doc),
    quota:
      doc.kind === 'Certificate'
        ? quotaVerdict(
            quota,
            CERTIFICATE_COUNT_QUOTA,
            options.existingCertificates ?? 0,
          )
        : 'n/a',
  };
}

/** Why a verdict does not meet its expectation, or undefined when it does. */
function mismatch(
  layer: Layer,
  expectation: Expectation,
  verdict: LayerVerdict,
): string | undefined {
  const show = (v: LayerVerdict) => {
    if (v === 'n/a') return 'n/a';
    return v.allowed ? 'allowed' : `denied: ${v.message}`;
  };
  if (expectation === 'n/a')
    return verdict === 'n/a' ? undefined : `${layer}: ${show(verdict)}`;
  if (verdict === 'n/a') return `${layer}: n/a, expected ${expectation}`;
  if (expectation === 'allowed')
    return verdict.allowed ? undefined : `${layer}: ${show(verdict)}`;
  if (verdict.allowed) return `${layer}: allowed, expected "${expectation}"`;
  return verdict.message.includes(expectation)
    ? undefined
    : `${layer}: ${show(verdict)}\n  expected to contain "${expectation}"`;
}

const LAYERS: Layer[] = [
  'repository',
  'appProject',
  'kyverno',
  'approver',
  'quota',
];

const attackText = (attack: CorpusAttack) =>
  fs.readFileSync(path.join(ATTACKS_DIR, `${attack.id}.yaml`), 'utf8');

function loadAttack(attack: CorpusAttack): any {
  const docs = loadAll(attackText(attack));
  if (docs.length !== 1) throw new Error(`${attack.id}: one document per file`);
  return docs[0];
}

/** One attack through every layer, committed as the attack says. */
const attackVerdicts = (attack: CorpusAttack) =>
  verdicts(PLATFORMS[attack.platform], attack.team, loadAttack(attack), {
    ...attack,
    // A link's content is its target, the file's text without the comment line.
    content:
      attack.mode === '120000'
        ? String(loadAttack(attack))
        : attackText(attack),
  });

/** The first comment line of an attack file, without its `Escape n:` prefix. */
function titleOf(attack: CorpusAttack): string {
  const first = fs
    .readFileSync(path.join(ATTACKS_DIR, `${attack.id}.yaml`), 'utf8')
    .split('\n')[0];
  return first.replace(/^# Escape \d+: /, '');
}

/** The table of docs/security.md: which layer stops each attack of the corpus. */
function corpusTable(): string {
  const mark = (v: LayerVerdict) => {
    if (v === 'n/a') return '–';
    return v.allowed ? 'passes' : '**stops**';
  };
  const rows = ATTACK_CORPUS.map(attack => {
    const v = attackVerdicts(attack);
    return `| \`${attack.id}\` | ${attack.escape} | ${titleOf(
      attack,
    )} | ${LAYERS.map(l => mark(v[l])).join(' | ')} |`;
  });
  return [
    '| Attack (file) | Escape | What the file does | Repository check | Tenant AppProject | Kyverno | approver-policy | ResourceQuota |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `UPDATE_SECURITY_DOC=1`: replaces the table in docs/security.md (the lines from its header row to the next blank line). */
function writeCorpusTable() {
  const lines = fs.readFileSync(SECURITY_DOC, 'utf8').split('\n');
  const start = lines.findIndex(l => l.startsWith('| Attack (file)'));
  if (start < 0) throw new Error('docs/security.md: no corpus table');
  let end = start;
  while (end < lines.length && lines[end].startsWith('|')) end++;
  lines.splice(start, end - start, ...corpusTable().split('\n'));
  fs.writeFileSync(SECURITY_DOC, lines.join('\n'));
}

describe('attack corpus: files a team could commit under tenants/<team>/', () => {
  it('has one file per attack and an attack per file, covering escapes 1-10', () => {
    const files = fs
      .readdirSync(ATTACKS_DIR)
      .filter(f => f.endsWith('.yaml'))
      .map(f => f.replace(/\.yaml$/, ''))
      .sort();
    expect(files).toEqual(ATTACK_CORPUS.map(a => a.id).sort());
    expect(new Set(ATTACK_CORPUS.map(a => a.escape))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    );
  });

  it.each(ATTACK_CORPUS.map(a => [a.id, a] as const))(
    '%s is refused, each layer as expected',
    (_id, attack) => {
      const v = attackVerdicts(attack);
      const problems = LAYERS.map(l =>
        mismatch(l, attack.expect[l], v[l]),
      ).filter(Boolean);
      expect(problems).toEqual([]);
      const deniedBy = LAYERS.filter(l => {
        const x = v[l];
        return x !== 'n/a' && !x.allowed;
      });
      expect(deniedBy.length).toBeGreaterThan(0);
    },
  );

  it('docs/security.md carries the table generated from the corpus, row for row', () => {
    // Compared cell by cell, so that prettier's column alignment does not matter.
    const cells = (text: string) =>
      text.replace(/ *\| */g, '|').replace(/\|-{3,}/g, '|---');
    if (process.env.UPDATE_SECURITY_DOC === '1') writeCorpusTable();
    const doc = cells(fs.readFileSync(SECURITY_DOC, 'utf8'));
    const table = cells(corpusTable());
    // On a mismatch the message shows the table to paste into the document.
    expect(
      doc.includes(table) ? table : `missing from docs/security.md:\n${table}`,
    ).toBe(table);
    const missing = ATTACK_CORPUS.filter(a => !doc.includes(`\`${a.id}\``));
    expect(missing.map(a => a.id)).toEqual([]);
  });
});

const expectAllowed = (what: string, verdict: LayerVerdict) => {
  if (verdict === 'n/a' || !verdict.allowed)
    throw new Error(
      `${what}: ${
        verdict === 'n/a' ? 'n/a' : (verdict as { message: string }).message
      }`,
    );
};
const expectDenied = (what: string, verdict: Verdict) => {
  if (verdict.allowed) throw new Error(`${what}: allowed`);
};

describe('everything the platform renders for a team is allowed by each layer that applies', () => {
  it.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)(
    'the %s platform',
    key => {
      const layers = PLATFORMS[key];
      const { platform } = layers;
      let checked = 0;
      for (const body of validRequestBodies(platform)) {
        const team = body.team as string;
        const resolved = resolveOrThrow(body, platform);
        for (const file of renderRequestFiles(resolved, platform)) {
          if (!file.path.endsWith('.yaml')) continue;
          const doc = load(file.content) as any;
          const what = `${key} ${file.path}`;
          const kyverno = kyvernoVerdict(layers.policies, doc);
          expectAllowed(`${what} (Kyverno)`, kyverno);
          if (file.path.startsWith(`tenants/${team}/`)) {
            // The team's own folder: its AppProject, approver-policy and the quota all let it through.
            expectAllowed(
              `${what} (tenant AppProject)`,
              appProjectVerdict(layers.tenantProject(team), doc, team),
            );
            const v = verdicts(layers, team, doc, {
              existingCertificates: platform.config.tenant.maxCertificates - 1,
              committedAs: file.path.slice(`tenants/${team}/`.length),
              content: file.content,
            });
            expectAllowed(`${what} (repository check)`, v.repository);
            if (doc.kind === 'Certificate') {
              expectAllowed(`${what} (approver-policy)`, v.approver);
              expectAllowed(`${what} (quota)`, v.quota);
            }
          } else {
            // Platform-owned: only the platform project may apply it; the tenant's never.
            if (!file.path.startsWith(`platform/tenants/${team}/`))
              throw new Error(
                `${what}: neither the team's nor its platform folder`,
              );
            expectAllowed(
              `${what} (platform AppProject)`,
              appProjectVerdict(layers.platformProject, doc, team),
            );
            expectDenied(
              `${what} (tenant AppProject)`,
              appProjectVerdict(layers.tenantProject(team), doc, team),
            );
          }
          checked++;
        }
      }
      for (const doc of layers.platformDocs) {
        expectAllowed(
          `${key} platform ${doc.kind} ${doc.metadata.name}`,
          appProjectVerdict(
            layers.platformProject,
            doc,
            platform.config.argocd.namespace,
          ),
        );
        expectAllowed(
          `${key} platform ${doc.kind} ${doc.metadata.name} (Kyverno)`,
          kyvernoVerdict(layers.policies, doc),
        );
        checked++;
      }
      expect(checked).toBeGreaterThan(50);
    },
  );

  it('cert-manager itself may create the CertificateRequests, Orders and Challenges of a rendered Certificate', () => {
    const layers = PLATFORMS.main;
    const certManager = 'system:serviceaccount:cert-manager:cert-manager';
    const body = validRequestBodies(layers.platform)[0];
    const cert = docsOf(
      renderRequestFiles(
        resolveOrThrow(body, layers.platform),
        layers.platform,
      ),
    ).find(d => d.kind === 'Certificate');
    const owned = (kind: string, apiVersion: string, spec: unknown) => ({
      apiVersion,
      kind,
      metadata: {
        name: `${cert.metadata.name}-1`,
        namespace: cert.metadata.namespace,
      },
      spec,
    });
    const request = owned('CertificateRequest', 'cert-manager.io/v1', {
      request: 'LS0t',
      issuerRef: cert.spec.issuerRef,
      dnsNames: cert.spec.dnsNames,
    });
    for (const doc of [
      request,
      owned('Order', 'acme.cert-manager.io/v1', {
        request: 'LS0t',
        issuerRef: cert.spec.issuerRef,
        dnsNames: cert.spec.dnsNames,
      }),
      owned('Challenge', 'acme.cert-manager.io/v1', {
        dnsName: cert.spec.dnsNames[0],
        type: 'DNS-01',
        issuerRef: cert.spec.issuerRef,
      }),
    ]) {
      for (const op of ['CREATE', 'UPDATE'] as const)
        expectAllowed(
          `${doc.kind} ${op} by cert-manager`,
          kyvernoVerdict(layers.policies, doc, op, doc, certManager),
        );
    }
    const approved = approverVerdict(layers.approverDocs, request, certManager);
    expect(approved).toEqual({ allowed: true });
  });
});

describe('the corpus platforms render strictly valid documents', () => {
  const validator = createManifestValidator();
  it.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)(
    'the %s platform: platform bundle and every valid request',
    key => {
      const { platform } = PLATFORMS[key];
      expect(validator.validateFiles(renderPlatformFiles(platform))).toEqual(
        [],
      );
      for (const body of validRequestBodies(platform))
        expect(
          validator.validateFiles(
            renderRequestFiles(resolveOrThrow(body, platform), platform),
          ),
        ).toEqual([]);
    },
  );
});

describe('one ownership model: request validation, Kyverno and approver-policy agree', () => {
  const candidates: Record<keyof typeof PLATFORMS, string[]> = {
    main: [
      'api.shop.example.com',
      '*.shop.example.com',
      'team-a.example.com',
      'team-b.example.com',
      'example.org',
      '*.example.org',
      'x.team-a.example.org',
      'no.example.com',
    ],
    nested: [
      'example.com',
      '*.example.com',
      'shop.example.com',
      'a.shop.example.com',
      '*.shop.example.com',
      'team-a.example.com',
      'dev.example.com',
      '*.dev.example.com',
      'x.dev.example.com',
      'west.dev.example.com',
      'a.west.dev.example.com',
      '*.a.west.dev.example.com',
      '*.west.dev.example.com',
      'eu.west.dev.example.com',
      'y.eu.west.dev.example.com',
      'app.eu.west.dev.example.com',
      '*.app.eu.west.dev.example.com',
      'team-c.example.com',
      'team-c.example.net',
      'dev.example.net',
      'x.dev.example.net',
    ],
    idn: [
      'xn--bcher-kva.example.com',
      'a.xn--bcher-kva.example.com',
      '*.xn--bcher-kva.example.com',
      'bucher.example.com',
      '*.bucher.example.com',
    ],
  };

  it.each(Object.keys(PLATFORMS) as Array<keyof typeof PLATFORMS>)(
    'the %s platform: every team, every candidate name',
    key => {
      const layers = PLATFORMS[key];
      const { platform } = layers;
      const table: string[] = [];
      let owned = 0;
      for (const team of platform.teamNames()) {
        for (const name of candidates[key]) {
          const expected = platform.grantFor(team, name) !== undefined;
          const cert = {
            apiVersion: 'cert-manager.io/v1',
            kind: 'Certificate',
            metadata: { name: 'c', namespace: team },
            spec: {
              secretName: 'c-tls',
              dnsNames: [name],
              issuerRef: {
                name: 'letsencrypt-prod',
                kind: 'ClusterIssuer',
                group: 'cert-manager.io',
              },
            },
          };
          const k = kyvernoVerdict(layers.policies, cert).allowed;
          const a = approverVerdict(layers.approverDocs, cert);
          const approved = a !== 'n/a' && a.allowed;
          if (k !== expected || approved !== expected)
            table.push(
              `${team} ${name}: model ${expected}, Kyverno ${k}, approver ${approved}`,
            );
          if (expected) owned++;
        }
      }
      expect(table).toEqual([]);
      expect(owned).toBeGreaterThan(2);
    },
  );
});

describe('coverage of the rendered CEL', () => {
  it('evaluated every expression of every policy of every corpus platform at least once', () => {
    const missing = Object.values(PLATFORMS)
      .flatMap(l => [...l.policies, ...l.approverDocs])
      .flatMap(collectCelExpressions)
      .filter(e => !evaluatedExpressions.has(e));
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('counting over time: the shared ACME budget (escape 9)', () => {
  const layers = PLATFORMS.main;
  const { platform } = layers;
  const quota = platform.config.tenant.maxCertificates;
  const certificateFor = (label: string) =>
    docsOf(
      renderRequestFiles(
        resolveOrThrow(
          {
            team: 'team-a',
            domain: 'example.com',
            subdomain: `${label}.shop`,
            issuer: 'letsencrypt-prod',
          },
          platform,
        ),
        platform,
      ),
    ).find(d => d.kind === 'Certificate');

  it('fills the quota one commit at a time, refuses the next, and refuses every rename in place of what it holds', () => {
    const held = Array.from({ length: quota }, (_, i) =>
      certificateFor(`n${i}`),
    );
    held.forEach((doc, used) => {
      const v = verdicts(layers, 'team-a', doc, {
        existingCertificates: used,
      });
      for (const layer of LAYERS)
        expectAllowed(`${used + 1}. ${layer}`, v[layer]);
    });
    const next = verdicts(layers, 'team-a', certificateFor('over'), {
      existingCertificates: quota,
    });
    expect(next.quota).toEqual({
      allowed: false,
      message: expect.stringContaining(
        `used: count/certificates.cert-manager.io=${quota}, limited: count/certificates.cert-manager.io=${quota}`,
      ),
    });
    // One commit renaming all of them: each UPDATE is refused, so no new order is placed.
    const renames = held.map((old, i) => {
      const renamed = structuredClone(old);
      renamed.spec.dnsNames = [`r${i}.shop.example.com`];
      return kyvernoVerdict(layers.policies, renamed, 'UPDATE', old);
    });
    expect(renames.filter(v => v.allowed)).toEqual([]);
    expect(
      renames.every(
        v =>
          !v.allowed &&
          v.message.startsWith('spec.dnsNames cannot change on an existing'),
      ),
    ).toBe(true);
  });

  it('still lets a Certificate change everything but its names, and re-create after a delete (the alert and the request API count those)', () => {
    const old = certificateFor('keep');
    const relabelled = structuredClone(old);
    relabelled.metadata.labels.extra = 'x';
    relabelled.spec.privateKey = {
      algorithm: 'ECDSA',
      size: 384,
      rotationPolicy: 'Always',
    };
    expect(kyvernoVerdict(layers.policies, relabelled, 'UPDATE', old)).toEqual({
      allowed: true,
    });
    // A delete frees a quota slot: the cluster cannot tell a re-create from a new certificate.
    const recreated = verdicts(layers, 'team-a', certificateFor('again'), {
      existingCertificates: quota - 1,
    });
    for (const layer of LAYERS)
      expectAllowed(`re-create ${layer}`, recreated[layer]);
  });
});
