import fs from 'node:fs';
import path from 'node:path';
import { parseDockerfile } from './dockerfile';

describe('parseDockerfile', () => {
  it('splits instructions and stages with line numbers, flags and exec form', () => {
    const parsed = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG BASE=node',
        '',
        'FROM --platform=$BUILDPLATFORM node:22@sha256:abc AS Build',
        '# a comment',
        'RUN npm ci \\',
        '  # a comment inside the continuation',
        '  --ignore-scripts',
        'FROM gcr.io/distroless/nodejs22',
        'COPY --from=build --chown=65532:65532 /src/dist ./dist',
        'USER 65532',
        'CMD ["dist/index.js"]',
      ].join('\n'),
    );
    expect(parsed.directives).toEqual({ syntax: 'docker/dockerfile:1' });
    expect(
      parsed.instructions.map(i => [i.keyword, i.line, i.endLine, i.stage]),
    ).toEqual([
      ['ARG', 2, 2, -1],
      ['FROM', 4, 4, 0],
      ['RUN', 6, 8, 0],
      ['FROM', 9, 9, 1],
      ['COPY', 10, 10, 1],
      ['USER', 11, 11, 1],
      ['CMD', 12, 12, 1],
    ]);
    expect(parsed.instructions[2].args).toBe('npm ci --ignore-scripts');
    expect(parsed.instructions[4].flags).toEqual({
      from: 'build',
      chown: '65532:65532',
    });
    expect(parsed.instructions[6].exec).toEqual(['dist/index.js']);
    expect(
      parsed.stages.map(s => [s.index, s.name, s.image, s.platform, s.line]),
    ).toEqual([
      [0, 'build', 'node:22@sha256:abc', '$BUILDPLATFORM', 4],
      [1, undefined, 'gcr.io/distroless/nodejs22', undefined, 9],
    ]);
    expect(parsed.finalStage?.index).toBe(1);
    expect(parsed.stages[1].instructions.map(i => i.keyword)).toEqual([
      'FROM',
      'COPY',
      'USER',
      'CMD',
    ]);
  });

  it('recognises a FROM that names an earlier stage', () => {
    const parsed = parseDockerfile(
      'FROM alpine AS base\nFROM base AS test\nFROM BASE\n',
    );
    expect(parsed.stages.map(s => s.fromStage)).toEqual([false, true, true]);
  });

  it('honours the escape directive', () => {
    const parsed = parseDockerfile(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\\\nUSER 1000\n',
    );
    expect(parsed.directives.escape).toBe('`');
    expect(parsed.instructions.map(i => [i.keyword, i.line])).toEqual([
      ['FROM', 2],
      ['RUN', 3],
      ['USER', 5],
    ]);
    expect(parsed.instructions[1].args).toBe('dir c:\\\\');
  });

  it('consumes heredoc bodies so their lines are not read as instructions', () => {
    const parsed = parseDockerfile(
      [
        'FROM alpine',
        'RUN <<EOF',
        'ADD is not an instruction here',
        'EOF',
        'COPY <<-"END" /etc/conf',
        '\tUSER 0',
        '\tEND',
        'USER 1000',
      ].join('\n'),
    );
    expect(
      parsed.instructions.map(i => [i.keyword, i.line, i.endLine]),
    ).toEqual([
      ['FROM', 1, 1],
      ['RUN', 2, 4],
      ['COPY', 5, 7],
      ['USER', 8, 8],
    ]);
    expect(parsed.instructions[1].heredocs).toEqual([
      'ADD is not an instruction here',
    ]);
    expect(parsed.instructions[2].heredocs).toEqual(['USER 0']);
  });

  it('keeps parsing after a continuation at the end of the file and handles CRLF', () => {
    const parsed = parseDockerfile('FROM alpine\r\nRUN echo \\\r\n');
    expect(parsed.instructions.map(i => [i.keyword, i.args])).toEqual([
      ['FROM', 'alpine'],
      ['RUN', 'echo'],
    ]);
    expect(parseDockerfile('').finalStage).toBeNull();
  });
});

describe('parseDockerfile on the templates’ Dockerfiles', () => {
  // packages/policy/src/parsers → the repository's templates/
  const root = path.resolve(__dirname, '..', '..', '..', '..', 'templates');
  const dockerfiles = fs
    .readdirSync(root, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => path.join(root, d.name, 'skeleton', 'Dockerfile'))
    .filter(f => fs.existsSync(f));

  it('finds the Dockerfiles', () => {
    expect(dockerfiles.length).toBeGreaterThanOrEqual(3);
  });

  it.each(dockerfiles.map(f => [path.relative(root, f), f]))(
    '%s: every instruction starts on a line holding its keyword, and no FROM is missed',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const lines = text.split('\n');
      const parsed = parseDockerfile(text);
      expect(parsed.instructions.length).toBeGreaterThan(3);
      for (const instruction of parsed.instructions) {
        expect(lines[instruction.line - 1].trim().toUpperCase()).toMatch(
          new RegExp(`^${instruction.keyword}(\\s|$)`),
        );
      }
      const fromLines = lines.flatMap((l, i) =>
        /^FROM\s/i.test(l.trim()) ? [i + 1] : [],
      );
      expect(parsed.stages.map(s => s.line)).toEqual(fromLines);
    },
  );
});
