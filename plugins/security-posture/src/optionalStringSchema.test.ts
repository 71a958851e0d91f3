import { optionalStringSchema } from './optionalStringSchema';

describe('optionalStringSchema', () => {
  const validate = (value: unknown) =>
    optionalStringSchema['~standard'].validate(value);

  it('accepts a string or nothing', () => {
    expect(validate('https://docs.example.com')).toEqual({
      value: 'https://docs.example.com',
    });
    expect(validate(undefined)).toEqual({ value: undefined });
  });

  it('names what it received otherwise', () => {
    expect(validate(5)).toEqual({
      issues: [{ message: 'Expected a string, but received number' }],
    });
    expect(validate(null)).toEqual({
      issues: [{ message: 'Expected a string, but received null' }],
    });
  });

  it('describes itself as a JSON Schema string', () => {
    expect(optionalStringSchema['~standard'].jsonSchema.input()).toEqual({
      type: 'string',
    });
  });
});
