import { components } from '../schema/openapi.generated';

type Schemas = components['schemas'];

/** One event of the audit log. @public */
export type AuditEvent = Schemas['AuditEvent'];
/** A page of audit events, newest first. @public */
export type AuditPage = Schemas['AuditPage'];
