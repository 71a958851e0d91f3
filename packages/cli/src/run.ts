import { Command, CommanderError, Option } from 'commander';
import { gate } from './commands/gate';
import { policyCheck } from './commands/policyCheck';
import { upgradeRun } from './commands/upgradeRun';
import { upload } from './commands/upload';
import { RetryOptions } from './http';
import { DEFAULT_AUDIENCE } from './identity';
import { CliError, CliIo, EXIT, Secrets } from './io';

const ENVIRONMENT = `
Environment (read when the option is not given)
  GOLDEN_PATH_URL      Backstage base URL (--url)
  GOLDEN_PATH_TOKEN    Backstage static or external-access token (--token); never printed
  GOLDEN_PATH_ENTITY   the component, e.g. component:default/payments-api (--entity)

Without a token the CI job's identity token is used (never printed): the variable
--id-token-variable names, else GOLDEN_PATH_ID_TOKEN (GitLab id_tokens:), else in GitHub Actions
one fetched with the job's "permissions: id-token: write".
  GOLDEN_PATH_AUDIENCE           audience of the GitHub Actions token (--audience, default ${DEFAULT_AUDIENCE})
  GOLDEN_PATH_ID_TOKEN_VARIABLE  the variable holding the identity token (--id-token-variable)
  GOLDEN_PATH_ID_TOKEN           the identity token itself (GitLab: id_tokens: GOLDEN_PATH_ID_TOKEN)`;

const EXIT_CODES = {
  upload: `
Exit codes
  0  every report was applied
  2  an error: bad configuration, a report refused by the server (4xx), Backstage unreachable
     after the retries (429, 5xx and connection errors are retried with exponential backoff)`,
  gate: `
Exit codes
  0  allow, or warn (the warnings are printed)
  1  deny (the reasons are printed)
  2  an error: bad configuration, unknown entity (404), Backstage unreachable after the retries`,
  upgradeRun: `
Environment: GOLDEN_PATH_URL (--url), GOLDEN_PATH_TOKEN (--token: a Backstage user token of a
person allowed to upgrade templates; never printed).

Exit codes
  0  every component was upgraded (a change request opened or updated) or is up to date
  1  a component was stopped (failed or blocked; each reason is printed)
  2  an error: bad flags, the run refused (4xx), Backstage unreachable after the retries, or
     following timed out (the run goes on in Backstage)`,
  policy: `
Exit codes
  0  no enforced rule is violated (warnings are printed)
  1  an enforced rule is violated
  2  an error: no such directory, invalid policy files`,
};

const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns its exit code. Writes only
 * to `io`; never calls process.exit.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  // every token the CLI may hold, hidden from all it prints (more are added as they are found)
  const secrets = new Secrets().add(
    io.env.GOLDEN_PATH_TOKEN,
    io.env.GOLDEN_PATH_ID_TOKEN,
    io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  );
  const out = {
    writeOut: (s: string) => void io.stdout.write(s),
    writeErr: (s: string) => void io.stderr.write(s),
  };
  const retryOptions = (opts: { retries: string }): RetryOptions => {
    const retries = Number(opts.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
      throw new CliError(
        `--retries must be a whole number from 0 to 10 (got ${opts.retries})`,
      );
    }
    return { retries, baseDelayMs: 500, sleep: io.sleep ?? sleep };
  };
  const connectionOptions = (command: Command) =>
    command
      .option('--url <url>', 'Backstage base URL (env GOLDEN_PATH_URL)')
      .option('--token <token>', 'Backstage token (env GOLDEN_PATH_TOKEN)')
      .option('--entity <ref>', 'the component (env GOLDEN_PATH_ENTITY)')
      .option(
        '--audience <aud>',
        `audience of the GitHub Actions identity token; must match the Backstage jwks entry's audience (env GOLDEN_PATH_AUDIENCE, default ${DEFAULT_AUDIENCE})`,
      )
      .option(
        '--id-token-variable <name>',
        'the environment variable holding a CI identity token, e.g. one of GitLab id_tokens: (env GOLDEN_PATH_ID_TOKEN_VARIABLE)',
      )
      .option('--retries <n>', 'retries on 429, 5xx and connection errors', '4')
      .option('--json', 'print the answer as JSON');

  const program = new Command('golden-path')
    .description(
      'Golden Path Security CLI: upload scanner reports, ask the deployment gate, check template policies, run template upgrades.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput(out)
    .showHelpAfterError();

  connectionOptions(
    program
      .command('upload')
      .description(
        'Upload scanner reports (SARIF, Trivy, Gitleaks, Grype, OSV-Scanner, CycloneDX, OpenSSF Scorecard, npm audit; detected by the server) for one component.',
      )
      .argument('<report...>', 'report files, uploaded in order'),
  )
    .addOption(
      new Option('--format <format>', 'force a format instead of detection'),
    )
    .option(
      '--branch <branch>',
      'the scanned branch (env GOLDEN_PATH_BRANCH, GITHUB_REF_NAME, CI_COMMIT_REF_NAME)',
    )
    .option(
      '--commit <sha>',
      'the scanned commit (env GOLDEN_PATH_COMMIT, GITHUB_SHA, CI_COMMIT_SHA)',
    )
    .option(
      '--partial',
      'a partial scan: findings missing from it are not marked fixed',
    )
    .addHelpText('after', ENVIRONMENT + EXIT_CODES.upload)
    .configureOutput(out)
    .action(async (files: string[], opts) => {
      code = await upload(files, opts, io, retryOptions(opts), secrets);
    });

  connectionOptions(
    program
      .command('gate')
      .description(
        'Ask the deployment gate about a component: allow, warn or deny, with the reasons.',
      ),
  )
    .addHelpText('after', ENVIRONMENT + EXIT_CODES.gate)
    .configureOutput(out)
    .action(async opts => {
      code = await gate(opts, io, retryOptions(opts), secrets);
    });

  program
    .command('upgrade-run')
    .description(
      'Upgrade the components of a template to its newest (or a given) version in the background, one durable job each, and follow the run until it is done.',
    )
    .requiredOption(
      '--template <ref>',
      'the template, e.g. default/node-service',
    )
    .option('--all-behind', 'every component of the template that is behind')
    .option('--component <ref...>', 'the components to upgrade')
    .option('--target-version <version>', 'default the newest published')
    .option('--no-follow', 'print the run id and return at once')
    .option('--timeout <seconds>', 'how long to follow the run', '1800')
    .option('--url <url>', 'Backstage base URL (env GOLDEN_PATH_URL)')
    .option('--token <token>', 'a Backstage user token (env GOLDEN_PATH_TOKEN)')
    .option('--retries <n>', 'retries on 429, 5xx and connection errors', '4')
    .option('--json', 'print the run and its jobs as JSON')
    .addHelpText('after', EXIT_CODES.upgradeRun)
    .configureOutput(out)
    .action(async opts => {
      code = await upgradeRun(opts, io, retryOptions(opts), secrets);
    });

  const policy = program
    .command('policy')
    .description('Golden-path policies, locally.')
    .configureOutput(out);
  policy
    .command('check')
    .description(
      "Check a directory (a service's repository) against the golden-path template policies, as the scaffolder does.",
    )
    .argument('<dir>', 'the directory to check')
    .option('--policies <path...>', 'more policy files or directories')
    .option(
      '--tier <n>',
      "the component's security tier (1-3), for scoped policies",
    )
    .option('--json', 'print the results as JSON')
    .addHelpText('after', EXIT_CODES.policy)
    .configureOutput(out)
    .action(async (dir: string, opts) => {
      code = await policyCheck(dir, opts, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage errors were printed by commander
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    for (const command of program.commands) {
      secrets.add(command.opts().token as string | undefined);
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`golden-path: ${secrets.redact(message)}\n`);
    return EXIT.error;
  }
}
