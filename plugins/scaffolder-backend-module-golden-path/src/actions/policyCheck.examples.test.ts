import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPolicyCheckAction } from './policyCheck';
import { examples } from './policyCheck.examples';

describe('goldenpath:policy:check examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const input = yaml.parse(example).steps[0].input;
      const workspacePath = await fs.mkdtemp(
        path.join(os.tmpdir(), 'policy-example-'),
      );
      await fs.mkdir(path.join(workspacePath, input.path ?? '.'), {
        recursive: true,
      });
      const ctx = createMockActionContext({ workspacePath, input });
      // An empty workspace misses the repository files: the example runs and reports them.
      await expect(createPolicyCheckAction().handler(ctx)).rejects.toThrow(
        /SECURITY\.md/,
      );
      expect(ctx.output).toHaveBeenCalledWith('passed', false);
    },
  );
});
