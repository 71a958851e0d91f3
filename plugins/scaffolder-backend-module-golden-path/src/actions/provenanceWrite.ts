import fs from 'node:fs/promises';
import path from 'node:path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { listWorkspaceFiles, WorkspaceError } from '@golden-path/policy';
import yaml from 'yaml';
import { examples } from './provenanceWrite.examples';
import {
  componentRefOf,
  ownershipOf,
  parseOwnership,
} from '@golden-path/template-upgrade';
import { secretParameterNames } from './secretParameters';
import { TemplateSource } from './templateSource';
import { templateIdentity } from './templateIdentity';
import { INPUT_LIMITS, looksSecret, resolveInside } from './validation';

/**
 * Where the provenance file is written in the generated repository.
 *
 * @public
 */
export const PROVENANCE_PATH = '.golden-path/provenance.yaml';

/** Largest serialized answers accepted, in bytes. */
const MAX_ANSWERS_BYTES = 64 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Options of {@link createProvenanceWriteAction}.
 *
 * @public
 */
export interface ProvenanceWriteActionOptions {
  /** Reads templates that are not on the local file system. */
  reader?: UrlReaderService;
}

/**
 * Keeps the answers that may be recorded: no secret parameter (marked in the template or named
 * like one), no prototype keys, within the size limits.
 */
function publicAnswers(
  answers: Record<string, unknown>,
  secretNames: ReadonlySet<string>,
): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  const entries = Object.entries(answers);
  if (entries.length > INPUT_LIMITS.maxAnswers) {
    throw new InputError(`more than ${INPUT_LIMITS.maxAnswers} answers`);
  }
  for (const [name, value] of entries) {
    if (FORBIDDEN_KEYS.has(name)) {
      throw new InputError(`answer name '${name}' is refused`);
    }
    if (secretNames.has(name) || looksSecret(name)) {
      dropped.push(name);
      continue;
    }
    kept[name] = value;
  }
  if (Buffer.byteLength(JSON.stringify(kept)) > MAX_ANSWERS_BYTES) {
    throw new InputError(
      `the answers are larger than ${MAX_ANSWERS_BYTES} bytes`,
    );
  }
  return { kept, dropped };
}

/**
 * The component a provenance names: the given entity ref, or the entity the workspace's
 * catalog-info.yaml describes.
 */
async function componentOf(
  workspacePath: string,
  given: string | undefined,
): Promise<string> {
  if (given !== undefined) {
    try {
      return stringifyEntityRef(
        parseEntityRef(given, { defaultKind: 'component' }),
      );
    } catch (e) {
      throw new InputError(
        `component '${given}' is not an entity ref: ${(e as Error).message}`,
      );
    }
  }
  const file = await resolveInside(
    workspacePath,
    'catalog-info.yaml',
    'catalog-info path',
  );
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(
      'the workspace has no catalog-info.yaml to take the component from; give the component input',
    );
  }
  let ref: string | undefined;
  try {
    const doc: unknown = yaml.parse(text, { maxAliasCount: 50 });
    ref =
      doc && typeof doc === 'object'
        ? componentRefOf(doc as Record<string, unknown>)
        : undefined;
  } catch (e) {
    throw new InputError(
      `the workspace's catalog-info.yaml is not valid YAML: ${
        (e as Error).message.split('\n')[0]
      }`,
    );
  }
  if (!ref) {
    throw new InputError(
      "the workspace's catalog-info.yaml names no kind and metadata.name; give the component input",
    );
  }
  return ref;
}

/**
 * Creates `goldenpath:provenance:write`: writes `.golden-path/provenance.yaml` with the
 * template's ref, version and content digest, the non-secret answers, and each file's
 * ownership class, so that later template versions can be merged into the repository.
 *
 * @public
 */
export function createProvenanceWriteAction(
  options: ProvenanceWriteActionOptions = {},
) {
  return createTemplateAction({
    id: 'goldenpath:provenance:write',
    description:
      "Writes .golden-path/provenance.yaml: the template's ref, version and skeleton digest, the non-secret answers and each file's ownership class.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        answers: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The parameters to record (secret ones are dropped).'),
        skeleton: z =>
          z
            .string()
            .optional()
            .describe(
              "The template's skeleton directory, relative to the template (default ./skeleton).",
            ),
        ownership: z =>
          z
            .string()
            .optional()
            .describe(
              "The template's ownership file, relative to the template (default ./ownership.yaml).",
            ),
        component: z =>
          z
            .string()
            .optional()
            .describe(
              'Entity ref of the component the repository belongs to (default: the entity of catalog-info.yaml in the workspace). Template upgrades write only into a repository whose provenance names the component.',
            ),
      },
      output: {
        path: z =>
          z.string().describe('Workspace path of the provenance file.'),
        contentDigest: z =>
          z.string().describe("sha256 digest of the template's skeleton."),
        templateRef: z => z.string().describe('Entity ref of the template.'),
        templateVersion: z => z.string().describe('Version of the template.'),
        component: z =>
          z.string().describe('Entity ref of the component recorded.'),
      },
    },
    async handler(ctx) {
      const template = templateIdentity(ctx.templateInfo);
      const baseUrl = ctx.templateInfo?.baseUrl;
      if (!baseUrl) {
        throw new InputError(
          'the task does not say where the template was read from',
        );
      }
      const skeleton = ctx.input.skeleton ?? './skeleton';
      const source = new TemplateSource(baseUrl, options.reader);
      const target = await resolveInside(
        ctx.workspacePath,
        PROVENANCE_PATH,
        'provenance path',
      );

      const [{ digest }, ownershipText, templateText] = await Promise.all([
        source.digestDirectory(skeleton),
        source.readFile(ctx.input.ownership ?? './ownership.yaml'),
        source.readFile(),
      ]);
      const rules = parseOwnership(ownershipText);
      const { kept, dropped } = publicAnswers(
        ctx.input.answers,
        secretParameterNames(templateText),
      );
      let files: string[];
      try {
        files = await listWorkspaceFiles(ctx.workspacePath);
      } catch (e) {
        if (e instanceof WorkspaceError) throw new InputError(e.message);
        throw e;
      }
      const component = await componentOf(
        ctx.workspacePath,
        ctx.input.component,
      );
      const provenance = {
        apiVersion: 'golden-path.dev/v1',
        kind: 'Provenance',
        template: {
          ref: template.ref,
          version: template.version,
          contentDigest: digest,
          skeleton,
        },
        component,
        answers: kept,
        files: [...new Set([...files, PROVENANCE_PATH])].sort().map(file => ({
          path: file,
          ownership:
            file === PROVENANCE_PATH ? 'managed' : ownershipOf(file, rules),
        })),
      };
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, yaml.stringify(provenance), { flag: 'w' });
      if (dropped.length > 0) {
        ctx.logger.info(
          `Left ${dropped.length} secret parameter(s) out of the provenance`,
        );
      }
      ctx.logger.info(
        `Wrote ${PROVENANCE_PATH} for ${template.ref}@${template.version}`,
      );
      ctx.output('path', PROVENANCE_PATH);
      ctx.output('contentDigest', digest);
      ctx.output('templateRef', template.ref);
      ctx.output('templateVersion', template.version);
      ctx.output('component', component);
    },
  });
}
