import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:secrets:scan`. */
export const examples: TemplateExample[] = [
  {
    description: 'Scan the rendered workspace for secrets before publishing it',
    example: yaml.stringify({
      steps: [
        {
          id: 'secrets',
          action: 'goldenpath:secrets:scan',
          name: 'Scan for secrets',
        },
      ],
    }),
  },
];
