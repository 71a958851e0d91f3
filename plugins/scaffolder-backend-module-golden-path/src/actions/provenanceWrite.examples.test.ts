import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import {
  createProvenanceWriteAction,
  PROVENANCE_PATH,
} from './provenanceWrite';
import { examples } from './provenanceWrite.examples';
import { writeTemplateFixture } from '../testUtils/templateFixture';

describe('goldenpath:provenance:write examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const input = yaml.parse(example).steps[0].input;
      const template = await writeTemplateFixture({
        skeleton: { 'README.md': 'x' },
      });
      if (input.skeleton) {
        await fs.rename(
          path.join(template.dir, 'skeleton'),
          path.join(template.dir, input.skeleton),
        );
      }
      const workspacePath = await fs.mkdtemp(
        path.join(os.tmpdir(), 'provenance-example-'),
      );
      // the entity fetch:template rendered, which the provenance names
      await fs.writeFile(
        path.join(workspacePath, 'catalog-info.yaml'),
        yaml.stringify({ kind: 'Component', metadata: { name: 'svc' } }),
      );
      const ctx = createMockActionContext({
        workspacePath,
        input,
        templateInfo: template.templateInfo,
      });
      await createProvenanceWriteAction().handler(ctx);
      const written = yaml.parse(
        await fs.readFile(path.join(workspacePath, PROVENANCE_PATH), 'utf8'),
      );
      expect(written.answers).toEqual(input.answers);
      expect(written.component).toBe('component:default/svc');
    },
  );
});
