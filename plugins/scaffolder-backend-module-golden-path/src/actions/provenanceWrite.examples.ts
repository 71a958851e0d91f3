import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:provenance:write`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Record the template, its version and the answers in the new repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'provenance',
          action: 'goldenpath:provenance:write',
          name: 'Write provenance',
          input: {
            answers: {
              name: 'payments-api',
              owner: 'group:default/payments',
              system: 'system:default/payments',
              tier: 1,
              lifecycle: 'production',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Use a skeleton and ownership file in other places than the defaults',
    example: yaml.stringify({
      steps: [
        {
          id: 'provenance',
          action: 'goldenpath:provenance:write',
          name: 'Write provenance',
          input: {
            answers: { name: 'payments-api' },
            skeleton: './content',
            ownership: './files.yaml',
          },
        },
      ],
    }),
  },
];
