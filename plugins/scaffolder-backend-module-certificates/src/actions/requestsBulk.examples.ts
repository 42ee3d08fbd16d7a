import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Request three certificates of team-a at once: one pull request for the team',
    example: yaml.dump({
      steps: [
        {
          id: 'bulk',
          action: 'certificates:requests:bulk',
          name: 'Request certificates',
          input: {
            rows: ['api', 'web', 'admin'].map(name => ({
              team: 'team-a',
              domain: 'example.com',
              subdomain: `${name}.shop`,
              issuer: 'letsencrypt-staging',
            })),
          },
        },
      ],
    }),
  },
  {
    description:
      'Migrate names from a spreadsheet (CSV), storing the valid rows and reporting the rest',
    example: yaml.dump({
      steps: [
        {
          id: 'bulk',
          action: 'certificates:requests:bulk',
          name: 'Request certificates from CSV',
          input: {
            csv: 'team,zone,subdomain,issuer,justification\nteam-a,example.com,old.shop,letsencrypt-prod,Migrated from the old CA\nteam-a,example.com,legacy.shop,letsencrypt-prod,Migrated from the old CA\n',
            partial: true,
            waitSeconds: 60,
          },
        },
      ],
    }),
  },
];
