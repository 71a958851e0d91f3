import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import semver from 'semver';
import yaml from 'yaml';
import { z } from 'zod';
import { Answers } from './answers';
import { FileTree, TemplateVersion } from './content';
import { OwnershipRules, ownershipOf, parseOwnership } from './ownership';
import { renderTemplateVersion } from './render';

/*
 * `.golden-path/provenance.yaml` is written here (at creation and on every upgrade) and read
 * here (before an upgrade or a drift check), so its schema has one home both ways.
 */

/** Where a repository records the template it was made from. @public */
export const PROVENANCE_FILE = '.golden-path/provenance.yaml';

const provenanceSchema = z.object({
  apiVersion: z.literal('golden-path.dev/v1'),
  kind: z.literal('Provenance'),
  template: z.object({
    ref: z.string().min(1),
    version: z.string().min(1),
    contentDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    skeleton: z.string().optional(),
  }),
  /**
   * The catalog entity the repository belongs to (`component:<namespace>/<name>`): an upgrade
   * writes only into a repository whose provenance names the component it is asked for.
   */
  component: z.string().min(1).optional(),
  answers: z.record(z.string(), z.unknown()).default({}),
  files: z
    .array(z.object({ path: z.string(), ownership: z.string() }))
    .default([]),
});

/** A repository's recorded provenance. @public */
export type Provenance = z.infer<typeof provenanceSchema>;

/**
 * The text of `.golden-path/provenance.yaml`: the template's ref, version, skeleton digest and
 * skeleton directory, the answers, and each listed file's ownership class.
 *
 * @public
 */
export function provenanceText(options: {
  version: Pick<
    TemplateVersion,
    'templateRef' | 'version' | 'digest' | 'skeleton'
  >;
  answers: Answers;
  files: Iterable<string>;
  ownership: OwnershipRules;
  /** The entity ref of the component the repository belongs to. */
  component?: string;
}): string {
  const files = [...new Set([...options.files, PROVENANCE_FILE])].sort();
  return yaml.stringify({
    apiVersion: 'golden-path.dev/v1',
    kind: 'Provenance',
    template: {
      ref: options.version.templateRef,
      version: options.version.version,
      contentDigest: options.version.digest,
      skeleton: `./${options.version.skeleton}`,
    },
    ...(options.component ? { component: options.component } : {}),
    answers: options.answers,
    files: files.map(f => ({
      path: f,
      ownership:
        f === PROVENANCE_FILE ? 'managed' : ownershipOf(f, options.ownership),
    })),
  });
}

/**
 * The entity ref (`kind:namespace/name`, lower case) of a catalog-info document, or undefined
 * when it names no kind and name.
 *
 * @public
 */
export function componentRefOf(
  catalogInfo: Record<string, unknown>,
): string | undefined {
  const kind = catalogInfo.kind;
  const metadata = catalogInfo.metadata as
    | { name?: unknown; namespace?: unknown }
    | undefined;
  if (typeof kind !== 'string' || typeof metadata?.name !== 'string') {
    return undefined;
  }
  const namespace =
    typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  return `${kind}:${namespace}/${metadata.name}`.toLocaleLowerCase('en-US');
}

/**
 * The files a repository made from a stored version starts with, as the golden-path templates'
 * steps write them: the rendered skeleton, the catalog entity (`catalog-info.yaml`, serialized
 * with a YAML library) and the provenance. For demo data and tests; real repositories are made
 * by the scaffolder.
 *
 * @public
 */
export async function newRepositoryFiles(options: {
  version: TemplateVersion;
  answers: Answers;
  /** Default: the golden-path templates' Component, from the answers. */
  catalogInfo?: Record<string, unknown>;
  title?: string;
}): Promise<FileTree> {
  const { answers, version } = options;
  const catalogInfo = options.catalogInfo ?? {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: answers.name,
      ...(options.title ? { title: options.title } : {}),
      annotations: {
        'golden-path.dev/security-tier': String(answers.tier),
        'golden-path.dev/template-ref': version.templateRef,
        'golden-path.dev/template-version': version.version,
      },
    },
    spec: {
      type: 'service',
      owner: answers.owner,
      system: answers.system,
      lifecycle: answers.lifecycle,
    },
  };
  const files = await renderTemplateVersion(options.version, options.answers);
  files.set('catalog-info.yaml', Buffer.from(yaml.stringify(catalogInfo)));
  files.set(
    PROVENANCE_FILE,
    Buffer.from(
      provenanceText({
        version: options.version,
        answers: options.answers,
        files: files.keys(),
        component: componentRefOf(catalogInfo),
        ownership: parseOwnership(
          options.version.files.get('ownership.yaml')?.toString('utf8'),
        ),
      }),
    ),
  );
  return files;
}

/** Reads and checks `.golden-path/provenance.yaml` from a repository's files. @public */
export function readProvenance(
  files: FileTree,
  repository: string,
): Provenance {
  const text = files.get(PROVENANCE_FILE);
  if (!text) {
    throw new InputError(
      `${repository} has no ${PROVENANCE_FILE}: it was not made from a golden-path template (or the file was removed), so there is nothing to upgrade from`,
    );
  }
  let data: unknown;
  try {
    data = yaml.parse(text.toString('utf8'), { maxAliasCount: 50 });
  } catch (e) {
    throw new InputError(
      `${repository}'s ${PROVENANCE_FILE} is not valid YAML: ${
        (e as Error).message.split('\n')[0]
      }`,
    );
  }
  const parsed = provenanceSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${repository}'s ${PROVENANCE_FILE} is invalid at ${
        issue?.path.join('.') || '(top)'
      }: ${issue?.message}`,
    );
  }
  if (!semver.valid(parsed.data.template.version)) {
    throw new InputError(
      `${repository}'s ${PROVENANCE_FILE} records version '${parsed.data.template.version}', which is not a semantic version`,
    );
  }
  return parsed.data;
}

/**
 * The stored template version a repository's provenance names, once its digest matches the one the
 * provenance records: a changed provenance or a republished version is refused (ConflictError),
 * and so is a version never stored (NotFoundError). `consequence` says what the refusal stops.
 *
 * @public
 */
export async function recordedVersion(
  provenance: Provenance,
  repository: string,
  loadVersion: (
    templateRef: string,
    version: string,
  ) => Promise<TemplateVersion | undefined>,
  consequence: { notStored: string; mismatch: string },
): Promise<TemplateVersion> {
  const { ref, version, contentDigest } = provenance.template;
  const stored = await loadVersion(ref, version);
  if (!stored) {
    throw new NotFoundError(
      `${ref} ${version}, which ${repository} was made from, is not stored, so ${consequence.notStored}`,
    );
  }
  if (stored.digest !== contentDigest) {
    throw new ConflictError(
      `${repository}'s provenance does not match ${ref} ${version}: it records ${contentDigest}, the published version is ${stored.digest}; the provenance was changed or the version was republished, and ${consequence.mismatch}`,
    );
  }
  return stored;
}
