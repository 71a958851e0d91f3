import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi.generated';

/** The validated router generated from openapi.yaml, for modules that add their routes. @internal */
export type SecurityPostureRouter = Awaited<
  ReturnType<typeof createValidatedOpenApiRouter<typeof spec>>
>;
