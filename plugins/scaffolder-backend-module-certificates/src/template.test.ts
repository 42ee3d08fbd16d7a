import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { subdomainField } from '@internal/plugin-certificates-common';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createRequestCertificateAction } from './actions/requestCreate';

const ROOT = path.resolve(__dirname, '../../..');
const template = yaml.load(
  fs.readFileSync(
    path.join(ROOT, 'templates/certificate-request/template.yaml'),
    'utf8',
  ),
) as any;
const PICKED = ['team', 'domain', 'subdomain', 'wildcard', 'issuer'];

function property(name: string) {
  const step = template.spec.parameters.find((p: any) => p.properties?.[name]);
  expect(step).toBeDefined();
  return step.properties[name];
}

/** Every property schema in the template, however deeply nested, with its path. */
function allProperties(schema: any, at = 'parameters'): Array<[string, any]> {
  return Object.entries(schema?.properties ?? {}).flatMap(
    ([key, value]: [string, any]) => [
      [`${at}.${key}`, value] as [string, any],
      ...allProperties(value, `${at}.${key}`),
    ],
  );
}

describe('templates/certificate-request/template.yaml', () => {
  it('passes the catalog validation of Template entities', async () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'certificate-request' },
      spec: { owner: 'group:default/platform', type: 'certificate' },
    });
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('is the target of the Location in catalog-info.yaml', () => {
    const docs = yaml.loadAll(
      fs.readFileSync(path.join(ROOT, 'catalog-info.yaml'), 'utf8'),
    ) as any[];
    const targets = docs
      .filter(d => d?.kind === 'Location')
      .flatMap(d => d.spec.targets ?? [d.spec.target]);
    expect(targets).toContain('./templates/certificate-request/template.yaml');
  });

  it('takes team, domain, subdomain, wildcard and issuer from the CertificateRequestPicker field', () => {
    const certificate = property('certificate');
    expect(certificate).toMatchObject({
      type: 'object',
      'ui:field': 'CertificateRequestPicker',
    });
    expect(Object.keys(certificate.properties).sort()).toEqual(
      [...PICKED].sort(),
    );
    expect(certificate.required).toEqual(['team', 'domain', 'issuer']);
    expect(
      template.spec.parameters.flatMap((p: any) => p.required ?? []),
    ).toContain('certificate');
  });

  it('hard-codes no choices: no enum anywhere, and no separate team, domain or issuer parameters', () => {
    const properties = template.spec.parameters.flatMap((p: any) =>
      allProperties(p),
    );
    expect(properties.length).toBeGreaterThan(PICKED.length);
    for (const [at, schema] of properties) {
      expect({ at, enum: schema.enum, enumNames: schema.enumNames }).toEqual({
        at,
        enum: undefined,
        enumNames: undefined,
      });
    }
    const topLevel = template.spec.parameters.flatMap((p: any) =>
      Object.keys(p.properties ?? {}),
    );
    expect(topLevel.sort()).toEqual(['certificate', 'justification']);
    expect(
      fs.readFileSync(
        path.join(ROOT, 'templates/certificate-request/template.yaml'),
        'utf8',
      ),
    ).not.toMatch(/hard-coded|MyGroupsPicker/i);
  });

  it('passes each picked value to the step input of the same name', () => {
    const [step] = template.spec.steps;
    for (const key of PICKED)
      expect({ key, input: step.input[key] }).toEqual({
        key,
        input: `\${{ parameters.certificate.${key} }}`,
      });
    expect(step.input.justification).toBe('${{ parameters.justification }}');
  });

  it('runs certificates:request:create with inputs the action declares', () => {
    const action = createRequestCertificateAction({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      config: mockServices.rootConfig(),
    });
    expect(template.spec.steps).toHaveLength(1);
    const [step] = template.spec.steps;
    expect(step.action).toBe(action.id);
    const declared = Object.keys(
      (action.schema?.input as any)?.properties ?? {},
    );
    expect(declared.length).toBeGreaterThan(0);
    for (const key of Object.keys(step.input)) expect(declared).toContain(key);
    const outputs = Object.keys(
      (action.schema?.output as any)?.properties ?? {},
    );
    const used =
      JSON.stringify(template.spec.output).match(
        /steps\.request\.output\.(\w+)/g,
      ) ?? [];
    for (const ref of used) expect(outputs).toContain(ref.split('.').pop());
  });

  it('has a subdomain pattern that agrees with the shared label rules', () => {
    const pattern = new RegExp(
      property('certificate').properties.subdomain.pattern,
    );
    const samples = [
      '',
      'shop',
      'shop.team-a',
      'a.b.c',
      'x1-2y',
      'a'.repeat(63),
      'Shop',
      'shop_a',
      '-shop',
      'shop-',
      'shop..a',
      '.shop',
      'shop.',
      '*.shop',
      'shop a',
      'ünicode',
      'a'.repeat(64),
    ];
    for (const sample of samples) {
      expect({ sample, pattern: pattern.test(sample) }).toEqual({
        sample,
        pattern: subdomainField.safeParse(sample).success,
      });
    }
  });
});
