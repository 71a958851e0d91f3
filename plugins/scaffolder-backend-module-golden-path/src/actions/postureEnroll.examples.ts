import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:posture:enroll`. */
export const examples: TemplateExample[] = [
  {
    description: 'Enroll the component registered by catalog:register',
    example: yaml.stringify({
      steps: [
        {
          id: 'enroll',
          action: 'goldenpath:posture:enroll',
          name: 'Enroll in the security posture',
          input: {
            entityRef: 'component:default/payments-api',
            tier: 1,
            lifecycle: 'production',
            expectedScanners: ['secret', 'sca', 'sast'],
            templateRef: 'template:default/node-service',
            templateVersion: '1.0.0',
          },
        },
      ],
    }),
  },
];
