import { errorMessage, RetryOptions, withRetries } from '../http';
import { IdentityOptions, resolveConnection } from '../identity';
import { CliError, CliIo, EXIT, Secrets } from '../io';

export interface GateOptions extends IdentityOptions {
  url?: string;
  token?: string;
  entity?: string;
  json?: boolean;
}

interface GateAnswer {
  entityRef: string;
  decision: 'allow' | 'warn' | 'deny';
  reasons: (
    | {
        policy?: string;
        rule?: string;
        mode?: string;
        message: string;
        fix?: string;
      }
    | string
  )[];
  grade?: string | null;
  score?: number | null;
}

/** `golden-path gate`: exit 0 on allow and warn (warnings printed), 1 on deny, 2 on error. */
export async function gate(
  options: GateOptions,
  io: CliIo,
  retry: RetryOptions,
  secrets: Secrets = new Secrets(),
): Promise<number> {
  const { url, token, entity } = await resolveConnection(
    options,
    io,
    retry,
    secrets,
    { entity: true },
  );
  const doFetch = io.fetch ?? fetch;
  const response = await withRetries(
    () =>
      doFetch(`${url}/api/security-posture/v1/gate`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ entityRef: entity }),
      }),
    {
      ...retry,
      onRetry: info =>
        io.stderr.write(
          `gate: ${info.reason}, retrying in ${
            Math.round(info.delayMs / 100) / 10
          } s\n`,
        ),
    },
  );
  if (!response.ok) {
    throw new CliError(
      `the gate did not answer: ${await errorMessage(response)}`,
    );
  }
  const answer = (await response.json()) as GateAnswer;
  if (!['allow', 'warn', 'deny'].includes(answer.decision)) {
    throw new CliError(
      `the gate answered an unknown decision: ${String(answer.decision)}`,
    );
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } else {
    const grade = answer.grade
      ? ` (grade ${answer.grade}, score ${answer.score})`
      : '';
    io.stdout.write(
      `${
        answer.entityRef ?? entity
      }: ${answer.decision.toUpperCase()}${grade}\n`,
    );
    for (const reason of answer.reasons ?? []) {
      if (typeof reason === 'string') {
        io.stdout.write(`  - ${reason}\n`);
        continue;
      }
      const where = reason.policy
        ? `[${reason.mode ?? ''} ${reason.policy}/${reason.rule ?? ''}] `
        : '';
      io.stdout.write(`  - ${where}${reason.message}\n`);
      if (reason.fix) io.stdout.write(`    fix: ${reason.fix}\n`);
    }
  }
  if (answer.decision === 'warn') {
    io.stderr.write(
      'warning: the gate allows this deployment with warnings (see above)\n',
    );
  }
  return answer.decision === 'deny' ? EXIT.deny : EXIT.ok;
}
