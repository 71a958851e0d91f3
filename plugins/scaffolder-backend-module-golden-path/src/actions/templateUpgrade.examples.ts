import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:template:upgrade`. */
export const examples: TemplateExample[] = [
  {
    description: 'Upgrade a component to the newest version of its template',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'goldenpath:template:upgrade',
          name: 'Upgrade from the golden-path template',
          input: {
            entityRef: '${{ parameters.component }}',
            templateRef: 'template:default/node-service',
          },
        },
      ],
    }),
  },
  {
    description:
      'Upgrade to a given version, answering a question the new version asks',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'goldenpath:template:upgrade',
          name: 'Upgrade from the golden-path template',
          input: {
            entityRef: 'component:default/ledger-worker',
            templateRef: 'template:default/node-service',
            targetVersion: '1.1.0',
            answers: { dataClassification: 'confidential' },
          },
        },
      ],
    }),
  },
];
