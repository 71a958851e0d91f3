import { InputError } from '@backstage/errors';
import yaml from 'yaml';
import { FileTree } from './content';
import { parseOwnership } from './ownership';
import {
  newRepositoryFiles,
  PROVENANCE_FILE,
  provenanceText,
  readProvenance,
} from './provenance';
import { ANSWERS, nodeServiceVersions } from './testUtils';

// one test renders a template version through fetch:template
jest.setTimeout(60_000);

const VERSION = {
  templateRef: 'template:default/node-service',
  version: '1.2.3',
  digest: `sha256:${'ab'.repeat(32)}`,
  skeleton: 'skeleton',
};

const withProvenance = (text: string): FileTree =>
  new Map([[PROVENANCE_FILE, Buffer.from(text, 'utf8')]]);

describe('provenance', () => {
  it('reads back what it writes', () => {
    const text = provenanceText({
      version: VERSION,
      answers: { name: 'orders-api', tier: 2 },
      files: ['src/app.js', 'Dockerfile', 'src/app.js'],
      ownership: parseOwnership(
        'managed:\n  - Dockerfile\nseeded:\n  - src/**\n',
      ),
    });
    expect(readProvenance(withProvenance(text), 'orders-api')).toEqual({
      apiVersion: 'golden-path.dev/v1',
      kind: 'Provenance',
      template: {
        ref: VERSION.templateRef,
        version: '1.2.3',
        contentDigest: VERSION.digest,
        skeleton: './skeleton',
      },
      answers: { name: 'orders-api', tier: 2 },
      files: [
        { path: '.golden-path/provenance.yaml', ownership: 'managed' },
        { path: 'Dockerfile', ownership: 'managed' },
        { path: 'src/app.js', ownership: 'seeded' },
      ],
    });
  });

  it('reads the provenance of a new repository as the version and answers it was made from', async () => {
    const { v1 } = await nodeServiceVersions();
    const files = await newRepositoryFiles({ version: v1, answers: ANSWERS });
    const provenance = readProvenance(files, 'orders-api');
    expect(provenance.template).toEqual({
      ref: v1.templateRef,
      version: '1.0.0',
      contentDigest: v1.digest,
      skeleton: `./${v1.skeleton}`,
    });
    expect(provenance.answers).toEqual(ANSWERS);
    // every file the repository starts with is listed, and nothing else
    expect(provenance.files.map(f => f.path)).toEqual([...files.keys()].sort());
  });

  it('fills in answers and files a hand-written provenance leaves out', () => {
    const text = yaml.stringify({
      apiVersion: 'golden-path.dev/v1',
      kind: 'Provenance',
      template: {
        ref: VERSION.templateRef,
        version: '1.0.0',
        contentDigest: VERSION.digest,
      },
    });
    const provenance = readProvenance(withProvenance(text), 'orders-api');
    expect(provenance.answers).toEqual({});
    expect(provenance.files).toEqual([]);
  });

  it.each([
    [
      'no provenance',
      new Map(),
      `orders-api has no ${PROVENANCE_FILE}: it was not made from a golden-path template`,
    ],
    [
      'YAML that does not parse',
      withProvenance('template: [unclosed\n'),
      `orders-api's ${PROVENANCE_FILE} is not valid YAML`,
    ],
    [
      'a digest that is not a sha256',
      withProvenance(
        provenanceText({
          version: { ...VERSION, digest: 'md5:abc' },
          answers: {},
          files: [],
          ownership: parseOwnership(undefined),
        }),
      ),
      `orders-api's ${PROVENANCE_FILE} is invalid at template.contentDigest`,
    ],
    [
      'a version that is not semantic',
      withProvenance(
        provenanceText({
          version: { ...VERSION, version: 'latest' },
          answers: {},
          files: [],
          ownership: parseOwnership(undefined),
        }),
      ),
      `orders-api's ${PROVENANCE_FILE} records version 'latest', which is not a semantic version`,
    ],
  ])('refuses %s', (_case, files: FileTree, message) => {
    expect(() => readProvenance(files, 'orders-api')).toThrow(InputError);
    expect(() => readProvenance(files, 'orders-api')).toThrow(message);
  });
});
