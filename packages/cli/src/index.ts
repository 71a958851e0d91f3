/**
 * The golden-path CLI: upload scanner reports to Golden Path Security, ask its deployment gate,
 * check template policies locally.
 *
 * @packageDocumentation
 */
import { run } from './run';

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`golden-path: ${error}\n`);
    process.exitCode = 2;
  },
);
