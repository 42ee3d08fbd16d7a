import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Request a staging certificate for shop.team-a.example.com as the user running the task',
    example: yaml.dump({
      steps: [
        {
          id: 'request',
          action: 'certificates:request:create',
          name: 'Request certificate',
          input: {
            team: 'team-a',
            domain: 'example.com',
            subdomain: 'shop.team-a',
            issuer: 'letsencrypt-staging',
            justification: 'Storefront of team A',
          },
        },
      ],
    }),
  },
  {
    description:
      'Request a wildcard certificate with an extra name and an RSA key',
    example: yaml.dump({
      steps: [
        {
          id: 'request',
          action: 'certificates:request:create',
          name: 'Request wildcard certificate',
          input: {
            team: 'team-a',
            domain: 'example.com',
            subdomain: 'shop',
            wildcard: true,
            additionalNames: ['shop.example.com'],
            issuer: 'letsencrypt-prod',
            keyAlgorithm: 'RSA-2048',
            name: 'shop-wildcard',
          },
        },
      ],
    }),
  },
];
