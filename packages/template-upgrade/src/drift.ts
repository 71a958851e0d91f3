import { FileTree, TemplateVersion } from './content';
import { parseOwnership } from './ownership';
import { driftOf } from './plan';
import { readProvenance, recordedVersion } from './provenance';
import { renderTemplateVersion } from './render';

/**
 * The drift of a repository's managed files against its recorded template version.
 *
 * @public
 */
export async function checkDrift(options: {
  files: FileTree;
  repository: string;
  loadVersion(
    templateRef: string,
    version: string,
  ): Promise<TemplateVersion | undefined>;
}): Promise<{
  templateRef: string;
  version: string;
  drift: { path: string; change: 'edited' | 'deleted' }[];
}> {
  const provenance = readProvenance(options.files, options.repository);
  const { ref, version: v } = provenance.template;
  const version = await recordedVersion(
    provenance,
    options.repository,
    options.loadVersion,
    {
      notStored: 'drift cannot be checked',
      mismatch: 'drift cannot be checked',
    },
  );
  const rendered = await renderTemplateVersion(version, provenance.answers);
  return {
    templateRef: ref,
    version: v,
    drift: driftOf(
      options.files,
      rendered,
      parseOwnership(version.files.get('ownership.yaml')?.toString('utf8')),
    ),
  };
}
