import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createSecretsScanAction } from './secretsScan';
import { examples } from './secretsScan.examples';

describe('goldenpath:secrets:scan examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const workspacePath = await fs.mkdtemp(
        path.join(os.tmpdir(), 'secrets-example-'),
      );
      await fs.writeFile(path.join(workspacePath, 'README.md'), '# service\n');
      const ctx = createMockActionContext({
        workspacePath,
        input: yaml.parse(example).steps[0].input ?? {},
      });
      await createSecretsScanAction().handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('findings', 0);
    },
  );
});
