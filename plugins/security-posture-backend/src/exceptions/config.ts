import { Config } from '@backstage/config';
import { ConfigurationError } from '../lib/errors';

/** `securityPosture.exceptions.*`, read once with its defaults. @internal */
export interface ExceptionsConfig {
  /** The furthest an exception may expire, in days from its request. */
  maxDays: number;
  /** How many days before expiry the owners are told, once. */
  expiryWarningDays: number;
  /** How often the expiry task runs, in minutes. */
  checkEveryMinutes: number;
}

/** The defaults, documented in config.d.ts and docs/exceptions.md. @internal */
const DEFAULT_EXCEPTIONS_CONFIG: ExceptionsConfig = {
  maxDays: 90,
  expiryWarningDays: 7,
  checkEveryMinutes: 15,
};

function positiveInteger(
  config: Config | undefined,
  key: keyof ExceptionsConfig,
  min: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) {
    return DEFAULT_EXCEPTIONS_CONFIG[key];
  }
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigurationError(
      `securityPosture.exceptions.${key} must be an integer >= ${min}`,
    );
  }
  return value;
}

/** Reads `securityPosture.exceptions`. @internal */
export function readExceptionsConfig(root: Config): ExceptionsConfig {
  const c = root.getOptionalConfig('securityPosture.exceptions');
  return {
    maxDays: positiveInteger(c, 'maxDays', 1),
    expiryWarningDays: positiveInteger(c, 'expiryWarningDays', 0),
    checkEveryMinutes: positiveInteger(c, 'checkEveryMinutes', 1),
  };
}
