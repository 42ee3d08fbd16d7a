import { mockServices } from '@backstage/backend-test-utils';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import { createBulkRequestsAction } from './actions/requestsBulk';

const ROOT = path.resolve(__dirname, '../../..');
const FILE = 'templates/bulk-certificate-requests/template.yaml';
const template = yaml.load(
  fs.readFileSync(path.join(ROOT, FILE), 'utf8'),
) as any;

describe('templates/bulk-certificate-requests/template.yaml', () => {
  it('passes the catalog validation of Template entities', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('is a target of the Location in catalog-info.yaml', () => {
    const docs = yaml.loadAll(
      fs.readFileSync(path.join(ROOT, 'catalog-info.yaml'), 'utf8'),
    ) as any[];
    const targets = docs
      .filter(d => d?.kind === 'Location')
      .flatMap(d => d.spec.targets ?? [d.spec.target]);
    expect(targets).toContain(`./${FILE}`);
  });

  it('runs certificates:requests:bulk with inputs the action declares', () => {
    const action = createBulkRequestsAction({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      config: mockServices.rootConfig(),
    });
    const [step] = template.spec.steps;
    expect(step.action).toBe(action.id);
    const declared = Object.keys(
      (action.schema?.input as { properties?: object })?.properties ?? {},
    );
    expect(declared).toEqual(expect.arrayContaining(Object.keys(step.input)));
    // Every output the template reads is one the action sets.
    const outputs = Object.keys(
      (action.schema?.output as { properties?: object })?.properties ?? {},
    );
    const used = [
      ...JSON.stringify(template.spec.output).matchAll(
        /steps\.bulk\.output\.(\w+)/g,
      ),
    ].map(m => m[1]);
    expect(outputs).toEqual(expect.arrayContaining([...new Set(used)]));
  });
});
