// @ts-check

/**
 * Runtime settings, read from the environment once at start-up.
 *
 * @typedef {object} Config
 * @property {number} port TCP port to listen on (0 picks a free port).
 * @property {string} host Interface to bind.
 * @property {number} shutdownTimeoutMs How long in-flight requests may take after SIGTERM.
 */

/**
 * Parses an integer setting and rejects anything that is not a whole number in range.
 *
 * @param {string} name Environment variable name, used in the error message.
 * @param {string | undefined} raw Raw value.
 * @param {number} fallback Value when the variable is unset or empty.
 * @param {number} min Smallest allowed value.
 * @param {number} max Largest allowed value.
 * @returns {number}
 */
function intSetting(name, raw, fallback, min, max) {
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!/^[0-9]{1,10}$/.test(raw)) {
    throw new Error(
      `${name} must be a whole number, got ${JSON.stringify(raw)}`,
    );
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new Error(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/**
 * Reads the service configuration from an environment object.
 *
 * @param {Record<string, string | undefined>} env Usually `process.env`.
 * @returns {Config}
 */
export function loadConfig(env) {
  return {
    port: intSetting('PORT', env.PORT, 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    shutdownTimeoutMs: intSetting(
      'SHUTDOWN_TIMEOUT_MS',
      env.SHUTDOWN_TIMEOUT_MS,
      10000,
      0,
      600000,
    ),
  };
}
