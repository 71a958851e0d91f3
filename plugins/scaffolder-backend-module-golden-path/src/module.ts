import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createParametersValidateAction,
  createPolicyCheckAction,
  createProvenanceWriteAction,
  createSecretsScanAction,
} from './actions';
import { readGoldenPathScaffolderConfig } from './config';

/**
 * Registers the golden-path scaffolder actions.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
      },
      async init({ scaffolder, config, reader }) {
        const settings = readGoldenPathScaffolderConfig(config);
        scaffolder.addActions(
          createParametersValidateAction(),
          createSecretsScanAction(),
          createPolicyCheckAction({ extraPolicies: settings.extraPolicies }),
          createProvenanceWriteAction({ reader }),
        );
      },
    });
  },
});
