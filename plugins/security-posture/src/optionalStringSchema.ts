import { StandardSchemaV1 } from '@backstage/frontend-plugin-api';

/**
 * A Standard Schema of an optional string, with its JSON Schema, for extension config keys (this
 * package has no schema library of its own).
 */
export const optionalStringSchema: StandardSchemaV1<
  string | undefined,
  string | undefined
> & {
  '~standard': {
    jsonSchema: { input(): object; output(): object };
  };
} = {
  '~standard': {
    version: 1,
    vendor: 'golden-path',
    validate(value: unknown) {
      if (value === undefined || typeof value === 'string') {
        return { value };
      }
      return {
        issues: [
          {
            message: `Expected a string, but received ${
              value === null ? 'null' : typeof value
            }`,
          },
        ],
      };
    },
    jsonSchema: {
      input: () => ({ type: 'string' }),
      output: () => ({ type: 'string' }),
    },
  },
};
