import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:template:upgrade-run`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade every component behind to the newest version of the template, and wait for the run',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade-all',
          action: 'goldenpath:template:upgrade-run',
          name: 'Upgrade every service made from node-service',
          input: {
            templateRef: 'template:default/node-service',
            allBehind: true,
          },
        },
      ],
    }),
  },
  {
    description: 'Upgrade some components to a given version',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade-some',
          action: 'goldenpath:template:upgrade-run',
          name: 'Upgrade the payments services',
          input: {
            templateRef: 'template:default/node-service',
            entityRefs: [
              'component:default/ledger-worker',
              'component:default/checkout-web',
            ],
            targetVersion: '${{ parameters.version }}',
            timeoutSeconds: 1800,
          },
        },
      ],
    }),
  },
];
