import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { Answers, fetchStepInput } from './answers';
import {
  FileTree,
  TemplateVersion,
  readTree,
  templateDocument,
  writeTree,
} from './content';

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
};

const noReader: UrlReaderService = {
  async readUrl() {
    throw new Error('re-rendering reads only the stored template version');
  },
  async readTree() {
    throw new Error('re-rendering reads only the stored template version');
  },
  async search() {
    throw new Error('re-rendering reads only the stored template version');
  },
};

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-path-render-'));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Renders a stored template version's skeleton with the recorded answers through Backstage's
 * own `fetch:template` action (its sandboxed nunjucks renderer and default filters), from the
 * stored files only: the exact output the scaffolder made, or would make, for these answers.
 *
 * @public
 */
export async function renderTemplateVersion(
  version: TemplateVersion,
  answers: Answers,
): Promise<FileTree> {
  const input = fetchStepInput(templateDocument(version), answers);
  const action = createFetchTemplateAction({
    reader: noReader,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  return withTempDir(async dir => {
    const templateDir = path.join(dir, 'template');
    const workspace = path.join(dir, 'workspace');
    await fs.mkdir(workspace);
    await writeTree(templateDir, version.files);
    const temporary: string[] = [];
    await action.handler({
      input: { url: `./${version.skeleton}`, ...input },
      workspacePath: workspace,
      logger: silent,
      templateInfo: {
        baseUrl: pathToFileURL(
          path.join(templateDir, 'template.yaml'),
        ).toString(),
        entityRef: version.templateRef,
      },
      createTemporaryDirectory: async () => {
        const tmp = await fs.mkdtemp(path.join(dir, 'tmp-'));
        temporary.push(tmp);
        return tmp;
      },
      output: () => {},
      checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
      getInitiatorCredentials: async () => {
        throw new Error('re-rendering has no initiator');
      },
      isDryRun: false,
    } as unknown as Parameters<typeof action.handler>[0]);
    return readTree(workspace);
  });
}
