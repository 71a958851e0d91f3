// The templates resources (GET /v1/templates, GET /v1/templates/{namespace}/{name}/components),
// typed from the backend's OpenAPI spec.
import { components } from '../schema/openapi.generated';

type Schemas = components['schemas'];

/**
 * A golden-path template with its versions (newest first, each with its changelog entries;
 * `security` marks entries tagged `[security]`) and how many components are on each version.
 *
 * @public
 */
export type TemplateSummary = Schemas['TemplateSummary'];

/** @public */
export type TemplateVersion = Schemas['TemplateVersion'];

/** @public */
export type TemplateChangelogEntry = TemplateVersion['changelog'][number];

/**
 * A component made from a template: its version, how far behind the latest it is, and how many
 * of the newer versions carry security changes. `drifted` is null while drift is not computed.
 *
 * @public
 */
export type TemplateComponent = Schemas['TemplateComponent'];

/** @public */
export type TemplateList = Schemas['TemplateList'];

/** @public */
export type TemplateComponentList = Schemas['TemplateComponentList'];

/**
 * The latest upgrade of a component to a newer template version: its state (`opened`,
 * `updated`, `unchanged`, `up-to-date`, `blocked` by a policy, or `failed` with the reason),
 * the branch and commit it wrote, the conflict regions marked, each file change, and the change
 * request's Markdown description (untrusted text: render it as text).
 *
 * @public
 */
export type TemplateUpgrade = Schemas['TemplateUpgrade'];

/** @public */
export type TemplateFileChange = Schemas['TemplateFileChange'];

/** Which components to upgrade (`entityRefs`, or `allBehind`), to which version, with which answers. @public */
export type TemplateUpgradeRequest = Schemas['TemplateUpgradeRequest'];

/** @public */
export type TemplateUpgradeList = Schemas['TemplateUpgradeList'];

/**
 * A run of template upgrades: one durable job per component, run by workers on any replica; its
 * progress (queued, running, done) and the finished jobs by upgrade state.
 *
 * @public
 */
export type UpgradeRun = Schemas['UpgradeRun'];

/** One component's job in a run of upgrades. @public */
export type UpgradeJob = Schemas['UpgradeJob'];

/** A run with a page of its jobs. @public */
export type UpgradeRunPage = Schemas['UpgradeRunPage'];

/** What a run of upgrades is asked for. @public */
export type UpgradeRunRequest = Schemas['UpgradeRunRequest'];
