import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createParametersValidateAction } from './parametersValidate';
import { examples } from './parametersValidate.examples';

describe('goldenpath:parameters:validate examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const ctx = createMockActionContext({
        input: yaml.parse(example).steps[0].input,
        templateInfo: {
          entityRef: 'template:default/node-service',
          entity: {
            metadata: {
              name: 'node-service',
              annotations: { 'golden-path.dev/template-version': '1.0.0' },
            },
          },
        },
      });
      await createParametersValidateAction().handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('templateVersion', '1.0.0');
    },
  );
});
