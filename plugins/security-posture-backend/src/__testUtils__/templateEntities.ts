import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import {
  bareRepository,
  edit,
  generatedService,
  nodeServiceVersions,
} from '@golden-path/template-upgrade/testUtils';
import path from 'node:path';

/** The repository's golden-path templates (templates/). Test use only. */
export const TEMPLATES = path.resolve(__dirname, '../../../../templates');

/**
 * The newest version of a template of templates/: the `golden-path.dev/template-version`
 * annotation of its template.yaml. Test use only.
 */
function currentTemplateVersion(name: string): string {
  const text = fs.readFileSync(
    path.join(TEMPLATES, name, 'template.yaml'),
    'utf8',
  );
  const match =
    /^\s+golden-path\.dev\/template-version:\s*(\d+\.\d+\.\d+)\s*$/m.exec(text);
  if (!match) throw new Error(`templates/${name}/template.yaml has no version`);
  return match[1];
}

/** node-service's newest version (templates/node-service). Test use only. */
export const NODE_SERVICE_LATEST = currentTemplateVersion('node-service');

/**
 * The real node-service template entity (its newest version, {@link NODE_SERVICE_LATEST}), as the
 * catalog reads it; its location defaults to its template.yaml in templates/. Test use only.
 */
export function nodeServiceTemplate(
  location = `file:${path.join(TEMPLATES, 'node-service', 'template.yaml')}`,
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'node-service',
      namespace: 'default',
      title: 'Node.js service',
      annotations: {
        'golden-path.dev/template-version': NODE_SERVICE_LATEST,
        'backstage.io/managed-by-location': location,
      },
    },
    spec: { type: 'service', steps: [] },
  };
}

/**
 * A component made from node-service at `version`, owned by `owner` (default the payments group),
 * read by the catalog from `location` (its `backstage.io/managed-by-location`) when given. Test use
 * only.
 */
export function madeFromNodeService(
  name: string,
  version: string,
  options: { owner?: string; location?: string } = {},
): Entity {
  const owner = options.owner ?? 'group:default/payments';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'golden-path.dev/template-ref': 'template:default/node-service',
        'golden-path.dev/template-version': version,
        ...(options.location
          ? { 'backstage.io/managed-by-location': `url:${options.location}` }
          : {}),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/**
 * Local repositories made from node-service 1.0.0, under one new root: orders-api with a team
 * edit to a managed file (its Dockerfile), and legacy-api without provenance. Test use only.
 */
export async function nodeServiceRepositories() {
  const { v1 } = await nodeServiceVersions();
  const generated = await generatedService(v1);
  const orders = await bareRepository(generated, 'orders-api');
  const changed = new Map(generated);
  edit(changed, 'Dockerfile', t =>
    t.replace('EXPOSE 8080', 'LABEL team=payments\nEXPOSE 8080'),
  );
  await orders.repository.writeBranch({
    branch: 'main',
    parent: orders.commit,
    files: changed,
    message: 'Team changes',
    author: { name: 'Dana', email: 'dana@example.com' },
  });
  const root = path.dirname(orders.gitdir);
  const legacy = new Map(generated);
  legacy.delete('.golden-path/provenance.yaml');
  const { repository: legacyRepo } = await bareRepository(
    legacy,
    'legacy-api',
    root,
  );
  return {
    root,
    orders: orders.repository,
    ordersGitdir: orders.gitdir,
    legacy: legacyRepo,
  };
}
