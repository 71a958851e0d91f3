/**
 * A small Dockerfile parser: instructions with their line numbers, build stages, parser
 * directives (`# escape=`), comments, continuation lines and heredocs.
 *
 * It follows the Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/): a line ending in the escape character
 * continues the instruction, comment lines inside a continuation are dropped, and a `<<WORD`
 * heredoc on RUN/COPY/ADD consumes lines up to the one holding only `WORD`.
 */

/**
 * One Dockerfile instruction.
 *
 * @public
 */
export interface DockerInstruction {
  /** Upper-case keyword, e.g. `FROM`, `RUN`. */
  keyword: string;
  /** The arguments after the flags, continuation lines joined with a space. */
  args: string;
  /** Flags written before the arguments (`--from=build` becomes `{ from: 'build' }`). */
  flags: Record<string, string>;
  /** The JSON (exec) form of the arguments, when they are written as a JSON array. */
  exec?: string[];
  /** Heredoc bodies attached to the instruction. */
  heredocs: string[];
  /** 1-based line where the instruction starts. */
  line: number;
  /** 1-based line where it ends (continuations and heredocs included). */
  endLine: number;
  /** Index of the stage it belongs to, -1 for instructions before the first FROM (ARG). */
  stage: number;
}

/**
 * One build stage, started by a FROM instruction.
 *
 * @public
 */
export interface DockerStage {
  /** 0-based stage index. */
  index: number;
  /** The `AS name`, lower-cased, if any. */
  name?: string;
  /** The image reference of the FROM line (may name an earlier stage). */
  image: string;
  /** True when `image` names an earlier stage rather than an image. */
  fromStage: boolean;
  /** The `--platform` flag, if any. */
  platform?: string;
  /** 1-based line of the FROM instruction. */
  line: number;
  /** The instructions of the stage, FROM included. */
  instructions: DockerInstruction[];
}

/**
 * A parsed Dockerfile.
 *
 * @public
 */
export interface ParsedDockerfile {
  /** Every instruction in file order. */
  instructions: DockerInstruction[];
  /** Build stages in file order. */
  stages: DockerStage[];
  /** The last stage (the image that ships), or null when there is no FROM. */
  finalStage: DockerStage | null;
  /** Parser directives found at the top of the file (`escape`, `syntax`, `check`). */
  directives: Record<string, string>;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

function splitFlags(rest: string): {
  flags: Record<string, string>;
  args: string;
} {
  const flags: Record<string, string> = {};
  let remaining = rest;
  for (;;) {
    const match = /^--([a-zA-Z][a-zA-Z0-9-]*)(?:=(\S*))?\s*/.exec(remaining);
    if (!match) break;
    flags[match[1].toLowerCase()] = match[2] ?? 'true';
    remaining = remaining.slice(match[0].length);
  }
  return { flags, args: remaining.trim() };
}

function parseExec(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed) && parsed.every(p => typeof p === 'string')) {
      return parsed;
    }
  } catch {
    // Not JSON: the shell form that happens to start with '['.
  }
  return undefined;
}

function readDirectives(lines: string[]): {
  directives: Record<string, string>;
  start: number;
} {
  const directives: Record<string, string> = {};
  let start = 0;
  for (; start < lines.length; start++) {
    const match = DIRECTIVE.exec(lines[start].trim());
    if (!match) break;
    const key = match[1].toLowerCase();
    if (!['escape', 'syntax', 'check'].includes(key) || key in directives) {
      break;
    }
    directives[key] = match[2];
  }
  return { directives, start };
}

/**
 * Parses a Dockerfile's text.
 *
 * @public
 */
export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { directives, start } = readDirectives(lines);
  const escape = directives.escape === '`' ? '`' : '\\';
  const instructions: DockerInstruction[] = [];
  const stages: DockerStage[] = [];

  let i = start;
  while (i < lines.length) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let logical = '';
    let current = lines[i];
    // Join continuation lines; comment and empty lines inside a continuation are skipped.
    for (;;) {
      const trimmedEnd = current.replace(/\s+$/, '');
      if (trimmedEnd.endsWith(escape)) {
        logical += `${trimmedEnd.slice(0, -1)} `;
        i++;
        while (
          i < lines.length &&
          (lines[i].trim() === '' || lines[i].trim().startsWith('#'))
        ) {
          i++;
        }
        if (i >= lines.length) break;
        current = lines[i];
        continue;
      }
      logical += trimmedEnd;
      break;
    }
    let endLine = Math.min(i + 1, lines.length);
    i++;

    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(logical);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const { flags, args } = splitFlags(match[2].replace(/\s+/g, ' ').trim());

    const heredocs: string[] = [];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const doc of args.matchAll(HEREDOC)) {
        const stripTabs = doc[1] === '-';
        const word = doc[3];
        const body: string[] = [];
        while (i < lines.length) {
          const raw = lines[i];
          i++;
          const candidate = stripTabs ? raw.replace(/^\t+/, '') : raw;
          if (candidate === word) break;
          body.push(candidate);
        }
        endLine = i;
        heredocs.push(body.join('\n'));
      }
    }

    const stageIndex = keyword === 'FROM' ? stages.length : stages.length - 1;
    const instruction: DockerInstruction = {
      keyword,
      args,
      flags,
      heredocs,
      line: startLine,
      endLine,
      stage: stageIndex,
    };
    const exec = parseExec(args);
    if (exec) instruction.exec = exec;
    instructions.push(instruction);

    if (keyword === 'FROM') {
      const parts = args.split(' ');
      const image = parts[0] ?? '';
      const asIndex = parts.findIndex(p => p.toUpperCase() === 'AS');
      const name =
        asIndex > 0 && parts[asIndex + 1]
          ? parts[asIndex + 1].toLowerCase()
          : undefined;
      const fromStage = stages.some(s => s.name === image.toLowerCase());
      const stage: DockerStage = {
        index: stageIndex,
        image,
        fromStage,
        line: startLine,
        instructions: [instruction],
      };
      if (name) stage.name = name;
      if (flags.platform) stage.platform = flags.platform;
      stages.push(stage);
    } else if (stageIndex >= 0) {
      stages[stageIndex].instructions.push(instruction);
    }
  }
  return {
    instructions,
    stages,
    finalStage: stages[stages.length - 1] ?? null,
    directives,
  };
}
