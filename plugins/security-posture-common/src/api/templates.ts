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
