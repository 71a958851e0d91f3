import { TranslationFunction } from '@backstage/frontend-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { securityPostureTranslationRef } from '../../translation';

/** The translation function of the plugin's messages. */
export type SecurityPostureT = TranslationFunction<
  typeof securityPostureTranslationRef.T
>;

/** The plugin's translation function. */
export function useT(): SecurityPostureT {
  return useTranslationRef(securityPostureTranslationRef).t;
}
