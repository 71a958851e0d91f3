import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:policy:check`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Check the whole rendered workspace against the golden-path policies',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'goldenpath:policy:check',
          name: 'Check policies',
          input: { tier: 1 },
        },
      ],
    }),
  },
  {
    description: 'Check a subdirectory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'goldenpath:policy:check',
          name: 'Check policies',
          input: { path: 'service' },
        },
      ],
    }),
  },
];
