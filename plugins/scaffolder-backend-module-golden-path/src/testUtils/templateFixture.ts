import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Writes a small template (template.yaml, skeleton/, ownership.yaml) and returns its info. */
export async function writeTemplateFixture(options: {
  skeleton: Record<string, string>;
  ownership?: string;
  templateYaml?: string;
  version?: string;
}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'template-'));
  for (const [rel, content] of Object.entries(options.skeleton)) {
    const file = path.join(dir, 'skeleton', rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  await fs.writeFile(
    path.join(dir, 'template.yaml'),
    options.templateYaml ??
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: { name: t }\nspec: { parameters: [] }\n',
  );
  if (options.ownership !== undefined) {
    await fs.writeFile(path.join(dir, 'ownership.yaml'), options.ownership);
  }
  return {
    dir,
    templateInfo: {
      entityRef: 'template:default/t',
      baseUrl: pathToFileURL(path.join(dir, 'template.yaml')).toString(),
      entity: {
        metadata: {
          name: 't',
          annotations: {
            'golden-path.dev/template-version': options.version ?? '1.2.3',
          },
        },
      },
    },
  };
}
