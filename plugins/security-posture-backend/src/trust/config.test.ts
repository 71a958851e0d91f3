import { ConfigReader } from '@backstage/config';
import { DEFAULT_UPLOADS_CONFIG, readUploadsConfig } from './config';

const read = (uploads: object) =>
  readUploadsConfig(new ConfigReader({ securityPosture: { uploads } }));

describe('readUploadsConfig', () => {
  it('trusts GitHub Actions and GitLab CI tokens by default and scopes no static credential', () => {
    expect(readUploadsConfig(new ConfigReader({}))).toEqual(
      DEFAULT_UPLOADS_CONFIG,
    );
  });

  it('reads credential scopes as full, lower-cased refs', () => {
    expect(
      read({
        tokens: [
          { subject: 'ci-payments', groups: ['Payments'] },
          { subject: 'ci-one', entities: ['default/Checkout-Web'] },
        ],
        perMinute: 30,
      }),
    ).toEqual({
      trust: DEFAULT_UPLOADS_CONFIG.trust,
      tokens: [
        {
          subject: 'ci-payments',
          entities: [],
          groups: ['group:default/payments'],
        },
        {
          subject: 'ci-one',
          entities: ['component:default/checkout-web'],
          groups: [],
        },
      ],
      perMinute: 30,
    });
  });

  it('stops start-up naming the key of a bad entry', () => {
    expect(() => read({ tokens: [{ subject: 'x' }] })).toThrow(
      'securityPosture.uploads.tokens[0] names neither entities nor groups',
    );
    expect(() =>
      read({ tokens: [{ subject: 'x', entities: ['group:default/a'] }] }),
    ).toThrow(
      "securityPosture.uploads.tokens[0].entities has 'group:default/a', which is not a component entity ref",
    );
    expect(() =>
      read({ trust: [{ subjectPrefix: 'ci', provider: 'bitbucket' }] }),
    ).toThrow(
      "securityPosture.uploads.trust[0].provider must be github or gitlab, not 'bitbucket'",
    );
    expect(() => read({ perMinute: 0 })).toThrow(
      'securityPosture.uploads.perMinute must be an integer >= 1',
    );
  });
});
