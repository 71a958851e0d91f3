import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createParametersValidateAction } from './parametersValidate';

const templateInfo = {
  entityRef: 'template:default/node-service',
  entity: {
    metadata: {
      name: 'node-service',
      annotations: { 'golden-path.dev/template-version': '1.0.0' },
    },
  },
};
const valid = {
  name: 'payments-api',
  owner: 'group:default/payments',
  system: 'system:default/payments',
  tier: 1,
  lifecycle: 'production' as const,
  description: 'Takes payments.',
};

describe('goldenpath:parameters:validate', () => {
  const action = createParametersValidateAction();

  it('accepts valid answers and outputs the template ref and version', async () => {
    const ctx = createMockActionContext({ input: valid, templateInfo });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'templateRef',
      'template:default/node-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('templateVersion', '1.0.0');
  });

  it.each([
    [
      'a name that is not a DNS label',
      { name: 'Payments_API' },
      /name must be a DNS label/,
    ],
    [
      'YAML injection through the name',
      { name: 'x\nkind: Group' },
      /name must be a DNS label/,
    ],
    [
      'a template expression in the description',
      { description: '${{ secrets.backstageToken }}' },
      /description contains a template expression/,
    ],
    [
      'a Nunjucks block in the description',
      { description: '{% include "/etc/passwd" %}' },
      /template expression/,
    ],
    [
      'an oversized description',
      { description: 'x'.repeat(1001) },
      /longer than 1000/,
    ],
    [
      'an owner that is not an entity ref',
      { owner: 'group:default/a b' },
      /owner is not an entity reference/,
    ],
    [
      'a system with an expression',
      { system: '{{ x }}' },
      /system contains a template expression/,
    ],
  ])('refuses %s', async (_what, change, message) => {
    const ctx = createMockActionContext({
      input: { ...valid, ...change },
      templateInfo,
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a template without a semantic version', async () => {
    const bad = {
      ...templateInfo,
      entity: {
        metadata: {
          name: 'x',
          annotations: { 'golden-path.dev/template-version': 'latest' },
        },
      },
    };
    await expect(
      action.handler(
        createMockActionContext({ input: valid, templateInfo: bad }),
      ),
    ).rejects.toThrow(/not a semantic version/);
    await expect(
      action.handler(
        createMockActionContext({
          input: valid,
          templateInfo: { entityRef: 'template:default/x' },
        }),
      ),
    ).rejects.toThrow(/has no golden-path.dev\/template-version annotation/);
  });
});
