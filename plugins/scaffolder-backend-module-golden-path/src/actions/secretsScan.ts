import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { lintSource } from '@secretlint/core';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import { listWorkspaceFiles, WorkspaceError } from '@golden-path/policy';
import { examples } from './secretsScan.examples';
import { resolveInside } from './validation';

/** Files larger than this are refused rather than scanned partially (bytes). */
const MAX_SCANNED_FILE_BYTES = 2 * 1024 * 1024;

/**
 * One secret found: where and by which rule, never the secret itself.
 *
 * @public
 */
export interface SecretFinding {
  file: string;
  line: number;
  ruleId: string;
}

/**
 * Scans every file under a directory (`.git/` skipped, symlinks refused) with secretlint's
 * recommended preset and returns where secrets are, without their values.
 *
 * @public
 */
export async function scanForSecrets(dir: string): Promise<{
  findings: SecretFinding[];
  filesScanned: number;
}> {
  const files = await listWorkspaceFiles(dir);
  const findings: SecretFinding[] = [];
  for (const rel of files) {
    const abs = path.join(dir, ...rel.split('/'));
    const stat = await fs.lstat(abs);
    if (stat.size > MAX_SCANNED_FILE_BYTES) {
      throw new InputError(
        `${rel} is larger than ${MAX_SCANNED_FILE_BYTES} bytes and cannot be scanned for secrets`,
      );
    }
    const buffer = await fs.readFile(abs);
    const result = await lintSource({
      source: {
        filePath: abs,
        content: buffer.toString('utf8'),
        contentType: buffer.includes(0) ? 'binary' : 'text',
      },
      options: {
        maskSecrets: true,
        config: {
          rules: [
            {
              id: '@secretlint/secretlint-rule-preset-recommend',
              rule: presetRecommend,
            },
          ],
        },
      },
    });
    for (const message of result.messages) {
      if (message.type !== 'message') continue;
      findings.push({
        file: rel,
        line: message.loc.start.line,
        ruleId: message.ruleId,
      });
    }
  }
  return { findings, filesScanned: files.length };
}

/**
 * Creates `goldenpath:secrets:scan`: scans the workspace for secrets before anything is
 * published and fails listing `file:line` and the rule id of each, never the secret.
 *
 * @public
 */
export function createSecretsScanAction() {
  return createTemplateAction({
    id: 'goldenpath:secrets:scan',
    description:
      "Scans the workspace with secretlint's recommended rules and fails listing file:line and rule id of every secret found (never the secret itself).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace subdirectory to scan (relative, default the whole workspace).',
            ),
      },
      output: {
        filesScanned: z => z.number().describe('Number of files scanned.'),
        findings: z => z.number().describe('Number of secrets found.'),
      },
    },
    async handler(ctx) {
      const dir = await resolveInside(
        ctx.workspacePath,
        ctx.input.path ?? '.',
        'path',
      );
      let scan;
      try {
        scan = await scanForSecrets(dir);
      } catch (e) {
        if (e instanceof WorkspaceError) throw new InputError(e.message);
        throw e;
      }
      ctx.output('filesScanned', scan.filesScanned);
      ctx.output('findings', scan.findings.length);
      if (scan.findings.length > 0) {
        const list = scan.findings
          .map(f => `  ${f.file}:${f.line}  ${f.ruleId}`)
          .join('\n');
        throw new InputError(
          `the workspace contains ${scan.findings.length} secret(s); remove them and pass secrets through the scaffolder's secrets instead:\n${list}`,
        );
      }
      ctx.logger.info(`No secrets found in ${scan.filesScanned} files`);
    },
  });
}
