import yaml from 'yaml';
import { Answers } from './answers';
import { FileTree, TemplateVersion } from './content';
import { OwnershipRules, ownershipOf, parseOwnership } from './ownership';
import { renderTemplateVersion } from './render';

/** Where a repository records the template it was made from. @public */
export const PROVENANCE_FILE = '.golden-path/provenance.yaml';

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
    answers: options.answers,
    files: files.map(f => ({
      path: f,
      ownership:
        f === PROVENANCE_FILE ? 'managed' : ownershipOf(f, options.ownership),
    })),
  });
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
        ownership: parseOwnership(
          options.version.files.get('ownership.yaml')?.toString('utf8'),
        ),
      }),
    ),
  );
  return files;
}
