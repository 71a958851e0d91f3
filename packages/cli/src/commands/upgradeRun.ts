import { errorMessage, RetryOptions, withRetries } from '../http';
import { CliError, CliIo, connection, EXIT, Secrets } from '../io';

export interface UpgradeRunOptions {
  url?: string;
  token?: string;
  template: string;
  allBehind?: boolean;
  component?: string[];
  targetVersion?: string;
  follow?: boolean;
  /** Seconds to follow before giving up (the run goes on in the backend). */
  timeout?: string;
  json?: boolean;
}

interface UpgradeRun {
  id: string;
  templateRef: string;
  total: number;
  state: 'queued' | 'running' | 'done';
  done: number;
  outcomes: Record<string, number>;
}

interface UpgradeJob {
  entityRef: string;
  outcome: string | null;
  error: string | null;
  branch: string | null;
  changeUrl: string | null;
}

const STOPPED = ['failed', 'blocked'];

/** `namespace/name` or `template:namespace/name` or `name` as path segments. */
function templatePath(raw: string): string {
  const match = /^(?:template:)?(?:([^/:]+)\/)?([^/:]+)$/i.exec(raw.trim());
  if (!match) {
    throw new CliError(
      `--template must name a template like default/node-service (got ${raw})`,
    );
  }
  return `${encodeURIComponent(match[1] ?? 'default')}/${encodeURIComponent(
    match[2],
  )}`;
}

/**
 * `golden-path upgrade-run`: starts a run of template upgrades (a person's action: a Backstage
 * user token with the template upgrade permission) and follows it until it is done. Exit 0 when
 * every component was upgraded or is up to date, 1 when any was stopped (failed or blocked), 2 on
 * error or when following timed out.
 */
export async function upgradeRun(
  options: UpgradeRunOptions,
  io: CliIo,
  retry: RetryOptions,
  secrets: Secrets = new Secrets(),
): Promise<number> {
  const { url, token } = connection(options, io.env, { entity: false });
  secrets.add(token);
  if (!token) {
    throw new CliError(
      'no token: upgrade runs are started by a person; pass --token or set GOLDEN_PATH_TOKEN to a Backstage user token',
    );
  }
  if (!options.allBehind === !options.component?.length) {
    throw new CliError('give either --all-behind or --component <ref...>');
  }
  const timeoutSeconds = Number(options.timeout ?? '1800');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new CliError(
      `--timeout must be a number of seconds (got ${options.timeout})`,
    );
  }
  const doFetch = io.fetch ?? fetch;
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const call = (path: string, init: RequestInit = {}) =>
    withRetries(
      () => doFetch(`${url}/api/security-posture${path}`, { ...init, headers }),
      {
        ...retry,
        onRetry: info =>
          io.stderr.write(
            `upgrade-run: ${info.reason}, retrying in ${
              Math.round(info.delayMs / 100) / 10
            } s\n`,
          ),
      },
    );

  const started = await call(
    `/v1/templates/${templatePath(options.template)}/upgrade-runs`,
    {
      method: 'POST',
      body: JSON.stringify({
        ...(options.allBehind
          ? { allBehind: true }
          : { entityRefs: options.component }),
        ...(options.targetVersion
          ? { targetVersion: options.targetVersion }
          : {}),
      }),
    },
  );
  if (started.status !== 202) {
    throw new CliError(
      `the run was not started: ${await errorMessage(started)}`,
    );
  }
  let run = (await started.json()) as UpgradeRun;
  io.stderr.write(
    `upgrade-run ${run.id}: ${run.total} component(s) of ${run.templateRef} queued\n`,
  );
  if (options.follow === false) {
    io.stdout.write(
      options.json ? `${JSON.stringify(run, null, 2)}\n` : `${run.id}\n`,
    );
    return EXIT.ok;
  }

  const wait = io.sleep ?? (ms => new Promise(r => setTimeout(r, ms)));
  const deadline = Date.now() + timeoutSeconds * 1000;
  let reported = -1;
  for (;;) {
    const res = await call(
      `/v1/upgrade-runs/${encodeURIComponent(run.id)}?limit=1`,
    );
    if (!res.ok) {
      throw new CliError(
        `the run could not be read: ${await errorMessage(res)}`,
      );
    }
    run = ((await res.json()) as { run: UpgradeRun }).run;
    if (run.done !== reported) {
      reported = run.done;
      io.stderr.write(`upgrade-run ${run.id}: ${run.done}/${run.total} done\n`);
    }
    if (run.state === 'done') break;
    if (Date.now() > deadline) {
      throw new CliError(
        `stopped following run ${run.id} after ${timeoutSeconds} s (${run.done}/${run.total} done); it goes on in Backstage`,
      );
    }
    await wait(1000);
  }

  // every job, a page at a time
  const jobs: UpgradeJob[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(
      `/v1/upgrade-runs/${encodeURIComponent(run.id)}?limit=500${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
    );
    if (!res.ok) {
      throw new CliError(
        `the run could not be read: ${await errorMessage(res)}`,
      );
    }
    const page = (await res.json()) as {
      items: UpgradeJob[];
      nextCursor: string | null;
    };
    jobs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);

  const stopped = jobs.filter(j => STOPPED.includes(j.outcome ?? ''));
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ run, items: jobs }, null, 2)}\n`);
  } else {
    for (const job of jobs) {
      const where = job.changeUrl ?? job.branch ?? '';
      io.stdout.write(
        `${job.entityRef}: ${job.outcome}${where ? ` ${where}` : ''}${
          job.error ? ` (${job.error})` : ''
        }\n`,
      );
    }
    const summary = Object.entries(run.outcomes)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ');
    io.stdout.write(`${run.total} component(s): ${summary}\n`);
  }
  return stopped.length > 0 ? EXIT.deny : EXIT.ok;
}
