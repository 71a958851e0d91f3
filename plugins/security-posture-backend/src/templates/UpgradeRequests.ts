import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { Answers } from '@golden-path/template-upgrade';
import { AuditLog } from '../audit/AuditLog';
import { normalizeRef, refOf } from '../lib/refs';
import { TemplateCatalog } from './TemplateCatalog';
import { TemplateUpgrades, UpgradeRecord } from './TemplateUpgrades';

/** What a caller asks of `POST /v1/templates/{namespace}/{name}/upgrades`. @internal */
export interface UpgradeRequestBody {
  entityRefs?: string[];
  allBehind?: boolean;
  targetVersion?: string;
  answers?: Answers;
  dryRun?: boolean;
}

/**
 * A request to upgrade components of a template: which components (the ones named, each made from
 * that template, or every one behind), the run, and an audit event per component upgraded.
 *
 * @internal
 */
export class UpgradeRequests {
  constructor(
    private readonly options: {
      templates: TemplateCatalog;
      upgrades: TemplateUpgrades;
      audit?: AuditLog;
    },
  ) {}

  /** The latest upgrade of every component of a template (404 for an unknown template). */
  async list(namespace: string, name: string): Promise<UpgradeRecord[]> {
    const { ref } = await this.options.templates.componentEntities(
      namespace,
      name,
    );
    return this.options.upgrades.list(ref);
  }

  /**
   * Starts the upgrades a body asks for, on behalf of `actor`, among the components `visible`
   * lets the actor read (all of them when not given): "all behind" means all the actor may read,
   * and naming one they may not is refused.
   */
  async start(
    namespace: string,
    name: string,
    body: UpgradeRequestBody,
    actor: string,
    visible?: (refs: string[]) => Promise<Set<string>>,
  ): Promise<UpgradeRecord[]> {
    if (!body.allBehind === !body.entityRefs) {
      throw new InputError('give either entityRefs or allBehind: true');
    }
    const { ref, items } = await this.options.templates.componentEntities(
      namespace,
      name,
    );
    const readable =
      visible && (await visible(items.map(i => refOf(i.entity))));
    let components: Entity[];
    if (body.allBehind) {
      components = items
        .filter(i => i.behindBy > 0)
        .filter(i => !readable || readable.has(refOf(i.entity)))
        .map(i => i.entity);
      if (components.length === 0) return [];
    } else {
      const byRef = new Map(items.map(i => [refOf(i.entity), i.entity]));
      components = body.entityRefs!.map(raw => {
        const key = normalizeRef(raw);
        if (!key) {
          throw new InputError(`'${raw}' is not an entity ref`);
        }
        const entity = byRef.get(key);
        if (!entity) {
          throw new InputError(`${key} was not made from ${ref}`);
        }
        if (readable && !readable.has(key)) {
          throw new NotAllowedError(
            `not allowed to read the security posture of ${key}, so not to upgrade it`,
          );
        }
        return entity;
      });
    }
    const results = await this.options.upgrades.start({
      templateRef: ref,
      components,
      targetVersion: body.targetVersion,
      answers: body.answers,
      dryRun: body.dryRun,
      actor,
    });
    if (!body.dryRun) {
      for (const result of results) {
        await this.options.audit?.record({
          type: 'template.upgrade',
          entityRef: result.entityRef,
          actor,
          details: {
            template: result.templateRef,
            from: result.fromVersion,
            to: result.toVersion,
            state: result.state,
            branch: result.branch,
            conflicts: result.conflicts,
            error: result.error,
          },
        });
      }
    }
    return results;
  }
}
