import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:parameters:validate`. */
export const examples: TemplateExample[] = [
  {
    description: "Validate the golden-path template's answers before rendering",
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'goldenpath:parameters:validate',
          name: 'Validate the answers',
          input: {
            name: 'payments-api',
            owner: 'group:default/payments',
            system: 'system:default/payments',
            tier: 1,
            lifecycle: 'production',
            description: 'Takes payments.',
          },
        },
      ],
    }),
  },
];
