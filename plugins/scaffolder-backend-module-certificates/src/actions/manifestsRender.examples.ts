import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render the manifests of a certificate for shop.team-a.example.com into the workspace',
    example: yaml.dump({
      steps: [
        {
          id: 'render',
          action: 'certificates:manifests:render',
          name: 'Render certificate manifests',
          input: {
            team: 'team-a',
            domain: 'example.com',
            subdomain: 'shop.team-a',
            issuer: 'letsencrypt-staging',
            targetPath: 'gitops',
          },
        },
      ],
    }),
  },
];
