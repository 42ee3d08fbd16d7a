import fs from 'fs';
import path from 'path';
import { loadAll } from 'js-yaml';
import { load } from 'js-yaml';
import { createTestPlatform } from '../testing/platforms';
import { renderSampleBundles } from '../testing/bundles';
import { checkCelRules, compileCelRules, countCelRules } from './celRules';
import { createManifestValidator } from './manifestValidator';
import { SCHEMA_SOURCES } from './schemaRegistry';

const SCHEMAS = path.resolve(__dirname, '../../schemas');
const validator = createManifestValidator();

function openApiSchemaOf(key: string): unknown {
  const source = SCHEMA_SOURCES[key];
  if (source.type !== 'crd') return undefined;
  const docs = loadAll(
    fs.readFileSync(path.join(SCHEMAS, source.file), 'utf8'),
  ) as any[];
  const crd = docs.find(d => d?.spec?.names?.kind === source.kind);
  return crd.spec.versions.find((v: any) => v.name === source.version).schema
    .openAPIV3Schema;
}

describe('x-kubernetes-validations of the pinned CRDs', () => {
  it('compiles every rule (19 in three kinds)', () => {
    const counts = Object.fromEntries(
      Object.keys(SCHEMA_SOURCES)
        .map(key => [key, countCelRules(compileCelRules(openApiSchemaOf(key)))])
        .filter(([, n]) => n !== 0),
    );
    expect(counts).toEqual({
      'cert-manager.io/v1/ClusterIssuer': 1,
      'external-secrets.io/v1alpha1/PushSecret': 3,
      'external-secrets.io/v1/SecretStore': 15,
    });
  });

  it('refuses a ClusterIssuer whose venafi block sets two of tpp, cloud and ngts', () => {
    const issuer = (venafi: object) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'venafi' },
      spec: { venafi: { zone: 'z', ...venafi } },
    });
    const tpp = {
      url: 'https://tpp.example.com',
      credentialsRef: { name: 'c' },
    };
    const cloud = { apiTokenSecretRef: { name: 't' } };
    expect(validator.validate(issuer({ tpp }))).toEqual({
      valid: true,
      errors: [],
    });
    expect(validator.validate(issuer({ tpp, cloud }))).toEqual({
      valid: false,
      errors: [
        '/spec/venafi exactly one of tpp, cloud, or ngts must be configured',
      ],
    });
    expect(validator.validate(issuer({})).errors).toEqual([
      '/spec/venafi exactly one of tpp, cloud, or ngts must be configured',
    ]);
  });

  it('checks rules on list items and nested lists (PushSecret dataTo)', () => {
    const rendered = renderSampleBundles(createTestPlatform())
      .flat()
      .find(f => f.path.endsWith('/pushsecret.yaml'))!;
    const pushSecret = load(rendered.content) as any;
    expect(validator.validate(pushSecret)).toEqual({ valid: true, errors: [] });
    pushSecret.spec.dataTo = [
      { storeRef: { name: 'vault' } },
      { remoteKey: 'k' },
      {
        storeRef: { name: 'vault' },
        rewrite: [{ transform: { template: 'x' } }, {}],
      },
    ];
    expect(validator.validate(pushSecret).errors).toEqual([
      '/spec/dataTo/1 storeRef must specify either name or labelSelector',
      '/spec/dataTo/2/rewrite/1 exactly one of regexp or transform must be set',
    ]);
  });

  it('checks rules below the provider of a SecretStore', () => {
    const store = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 's', namespace: 'team-a' },
      spec: {
        provider: {
          crd: { resource: { group: 'g', version: 'v1', kind: 'K' } } as any,
        },
      },
    };
    expect(validator.validate(store).errors).toEqual([
      '/spec/provider/crd one of auth or authRef is required',
    ]);
    store.spec.provider.crd.authRef = { name: 'a' };
    expect(validator.validate(store)).toEqual({ valid: true, errors: [] });
  });
});

describe('rule semantics', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          {
            rule: 'self.replicas <= 5',
            messageExpression: "'too many: ' + string(self.replicas)",
          },
          { rule: 'self.mode == oldSelf.mode', message: 'mode is immutable' },
          {
            // A JSON number read as a double would not be an int here.
            rule: '!has(self.replicas) || type(self.replicas) == int',
            message: 'replicas is not bound as int',
          },
          {
            rule: 'self.replicas > 0',
            message: 'must run',
            fieldPath: '.replicas',
          },
        ],
        properties: {
          replicas: { type: 'integer' },
          mode: { type: 'string' },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
              'x-kubernetes-validations': [
                { rule: 'size(self) <= 3', message: 'label too long' },
              ],
            },
          },
        },
      },
    },
  };
  const tree = compileCelRules(schema)!;
  const check = (doc: unknown, old?: unknown) => {
    const errors: string[] = [];
    checkCelRules(tree, doc, old, '', errors);
    return errors;
  };

  it('binds integers as int and evaluates messageExpression and fieldPath', () => {
    expect(check({ spec: { replicas: 3, mode: 'a' } })).toEqual([]);
    expect(check({ spec: { replicas: 9, mode: 'a' } })).toEqual([
      '/spec too many: 9',
    ]);
    expect(check({ spec: { replicas: 0, mode: 'a' } })).toEqual([
      '/spec/replicas must run',
    ]);
  });

  it('skips transition rules on create and runs them on update', () => {
    expect(check({ spec: { replicas: 1, mode: 'b' } })).toEqual([]);
    expect(
      check(
        { spec: { replicas: 1, mode: 'b' } },
        { spec: { replicas: 1, mode: 'a' } },
      ),
    ).toEqual(['/spec mode is immutable']);
    expect(
      check(
        { spec: { replicas: 1, mode: 'a' } },
        { spec: { replicas: 2, mode: 'a' } },
      ),
    ).toEqual([]);
  });

  it('checks every value of a map (additionalProperties)', () => {
    expect(
      check({
        spec: { replicas: 1, mode: 'a', labels: { a: 'ok', b: 'long' } },
      }),
    ).toEqual(['/spec/labels/b label too long']);
  });

  it('fails a rule that cannot be evaluated, as the API server does', () => {
    expect(check({ spec: { mode: 'a' } })).toEqual([
      expect.stringMatching(
        /^\/spec rule could not be evaluated .*self\.replicas <= 5$/,
      ),
      expect.stringMatching(/^\/spec\/replicas rule could not be evaluated/),
    ]);
  });

  it('refuses a schema with a rule that does not compile', () => {
    expect(() =>
      compileCelRules({
        type: 'object',
        'x-kubernetes-validations': [{ rule: 'self.(' }],
      }),
    ).toThrow(/rule does not compile: self\.\(/);
  });
});
