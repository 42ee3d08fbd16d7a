import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Decommission the certificate shop-team-a-example-com of team-a as the user running the task',
    example: yaml.dump({
      steps: [
        {
          id: 'decommission',
          action: 'certificates:request:decommission',
          name: 'Decommission certificate',
          input: {
            team: 'team-a',
            certificateName: 'shop-team-a-example-com',
          },
        },
      ],
    }),
  },
];
