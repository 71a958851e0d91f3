import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createParametersValidateAction,
  createPostureEnrollAction,
  createTemplateUpgradeAction,
  createTemplateUpgradeRunAction,
  createPolicyCheckAction,
  createProvenanceWriteAction,
  createPublishGitAction,
  createSecretsScanAction,
} from './actions';
import { LocalRepositories } from './localGit';
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
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, reader, discovery, auth }) {
        const settings = readGoldenPathScaffolderConfig(config);
        scaffolder.addActions(
          createParametersValidateAction(),
          createSecretsScanAction(),
          createPolicyCheckAction({ extraPolicies: settings.extraPolicies }),
          createProvenanceWriteAction({ reader }),
          createPublishGitAction({
            repositories: new LocalRepositories({
              root: settings.localGitRoot,
              baseUrl: settings.localGitBaseUrl,
            }),
            author: {
              name: config.getOptionalString('scaffolder.defaultAuthor.name'),
              email: config.getOptionalString('scaffolder.defaultAuthor.email'),
            },
          }),
          createPostureEnrollAction({ discovery, auth }),
          createTemplateUpgradeAction({ discovery, auth }),
          createTemplateUpgradeRunAction({ discovery, auth }),
        );
      },
    });
  },
});
