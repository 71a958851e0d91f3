import { ownershipOf, parseOwnership } from './ownership';

describe('ownership', () => {
  it('reads the list shape, first match wins, default seeded', () => {
    const rules = parseOwnership(
      [
        'files:',
        '  - path: .github/workflows/**',
        '    class: managed',
        '  - path: [Dockerfile, k8s/]',
        '    ownership: merged',
        '  - glob: "**/*.md"',
        '    class: ignored',
      ].join('\n'),
    );
    expect(ownershipOf('.github/workflows/ci.yaml', rules)).toBe('managed');
    expect(ownershipOf('Dockerfile', rules)).toBe('merged');
    expect(ownershipOf('k8s/deployment.yaml', rules)).toBe('merged');
    expect(ownershipOf('docs/x.md', rules)).toBe('ignored');
    expect(ownershipOf('src/app.js', rules)).toBe('seeded');
  });

  it("reads the templates' glob-to-class map in order", () => {
    const rules = parseOwnership(
      'Dockerfile: managed\nk8s/deployment.yaml: merged\nk8s/**: managed\nsrc/**: seeded\n',
    );
    expect(ownershipOf('k8s/deployment.yaml', rules)).toBe('merged');
    expect(ownershipOf('k8s/service.yaml', rules)).toBe('managed');
    expect(ownershipOf('Dockerfile', rules)).toBe('managed');
    expect(ownershipOf('notes.txt', rules)).toBe('seeded');
  });

  it('reads the map shape and a custom default', () => {
    const rules = parseOwnership(
      'default: merged\nmanaged: [SECURITY.md, .github]\n',
    );
    expect(ownershipOf('SECURITY.md', rules)).toBe('managed');
    expect(ownershipOf('.github/dependabot.yml', rules)).toBe('managed');
    expect(ownershipOf('src/a.ts', rules)).toBe('merged');
  });

  it('defaults every file to seeded without a file, and refuses unknown shapes', () => {
    expect(ownershipOf('x', parseOwnership(undefined))).toBe('seeded');
    expect(() => parseOwnership('files: [{ path: a, class: owned }]')).toThrow(
      /unknown shape/,
    );
    expect(() => parseOwnership('files: [{ path: a }]')).toThrow(
      /needs a path \(glob\) and a class/,
    );
    expect(() => parseOwnership('a: [')).toThrow(/not valid YAML/);
  });
});
