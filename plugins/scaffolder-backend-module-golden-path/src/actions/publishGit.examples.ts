import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldenpath:publish:git`. */
export const examples: TemplateExample[] = [
  {
    description: 'Publish the workspace to a new local repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'goldenpath:publish:git',
          name: 'Publish',
          input: { repoName: 'payments-api' },
        },
      ],
    }),
  },
  {
    description:
      'Publish a subdirectory on another branch with a commit message',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'goldenpath:publish:git',
          name: 'Publish',
          input: {
            repoName: 'payments-api',
            sourcePath: 'service',
            defaultBranch: 'trunk',
            commitMessage: 'Create payments-api from the golden path',
          },
        },
      ],
    }),
  },
];
