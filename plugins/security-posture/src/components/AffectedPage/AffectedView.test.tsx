import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  affectedAnswer as answer,
  renderAffectedPage as render,
} from '../../__testUtils__/affected';
import { affectedCsv } from './affectedCsv';
import {
  formFromParams,
  formToParams,
  packageParts,
  queryOf,
} from './affectedQuery';

jest.setTimeout(20_000);

describe('the zero-day question', () => {
  it('reads the package forms people write, and keeps a question in the URL', () => {
    expect(
      packageParts('maven', 'org.apache.logging.log4j:log4j-core'),
    ).toEqual({
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
    });
    expect(packageParts('maven', ' log4j-core ')).toEqual({
      type: 'maven',
      name: 'log4j-core',
    });
    expect(packageParts('npm', '@babel/core')).toEqual({
      type: 'npm',
      namespace: '@babel',
      name: 'core',
    });
    expect(packageParts('golang', 'golang.org/x/net')).toEqual({
      type: 'golang',
      namespace: 'golang.org/x',
      name: 'net',
    });
    expect(packageParts('npm', 'pkg:npm/lodash@4.17.20')).toEqual({
      purl: 'pkg:npm/lodash@4.17.20',
    });
    const form = {
      mode: 'package' as const,
      advisory: '',
      ecosystem: 'maven',
      pkg: 'log4j-core',
      range: '<2.17.1',
    };
    expect(formFromParams(formToParams(form))).toEqual(form);
    expect(queryOf(form)).toEqual({
      type: 'maven',
      name: 'log4j-core',
      range: '<2.17.1',
    });
    expect(queryOf({ ...form, pkg: ' ' })).toBeUndefined();
    expect(
      queryOf(formFromParams(new URLSearchParams('advisory=CVE-2021-44228'))),
    ).toEqual({ advisory: 'CVE-2021-44228' });
  });

  it('writes the CSV with owners’ contacts, formulas kept as text', () => {
    const csv = affectedCsv(answer).split('\r\n');
    expect(csv[0]).toBe(
      '"entityRef","title","ownerRef","ownerEmail","systemRef","tier","lifecycle","exposurePoints","providedApis","versions","fixedVersions","kev","epss","openFindings","sources","packages"',
    );
    expect(csv[1]).toContain('"payments@example.com"');
    expect(csv[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv[2]).toContain('"inventory scanner"');
    expect(csv).toHaveLength(4);
  });
});

describe('SecurityAffectedPage', () => {
  beforeEach(() => {
    URL.createObjectURL = jest.fn(() => 'blob:affected');
    URL.revokeObjectURL = jest.fn();
  });

  it('answers an advisory from the URL: the advisory as text, the teams nested, the components most urgent first', async () => {
    const api = await render({
      path: '/?advisory=CVE-2021-44228',
      notify: 'DENY',
    });
    expect(api.getAffected).toHaveBeenCalledWith({
      advisory: 'CVE-2021-44228',
    });
    const advisory = await screen.findByRole('region', { name: 'Advisory' });
    // eslint-disable-next-line no-script-url -- the attack under test
    // untrusted text is text: no image element, and a javascript: URL is no link
    expect(
      within(advisory).getByText(/<img src=x onerror=alert\(1\)>/),
    ).toBeInTheDocument();
    expect(advisory.querySelector('img')).toBeNull();
    expect(within(advisory).queryByRole('link')).toBeNull();
    expect(
      within(advisory).getByText('Known exploited (KEV)'),
    ).toBeInTheDocument();
    expect(within(advisory).getByText('EPSS 94.4%')).toBeInTheDocument();
    expect(
      screen.getByText('2 affected component(s) owned by 2 team(s)'),
    ).toBeInTheDocument();

    const teams = screen.getByRole('table', { name: 'Affected teams' });
    const teamRows = within(teams).getAllByRole('row').slice(1);
    expect(
      teamRows.map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ),
    ).toEqual([
      ['Engineering', '—', '0', '2'],
      ['Payments', 'payments@example.com', '1', '2'],
      // eslint-disable-next-line no-script-url -- the attack under test
      ['Checkout', 'javascript:alert(1)@x', '1', '1'],
    ]);
    expect(
      within(teamRows[1]).getByRole('link', { name: 'payments@example.com' }),
    ).toHaveAttribute('href', 'mailto:payments@example.com');
    // an address that is not a plain one is not a link
    expect(
      within(teamRows[2]).queryByRole('link', { name: /javascript/ }),
    ).toBeNull();

    const components = screen.getByRole('table', {
      name: 'Affected components',
    });
    const rows = within(components).getAllByRole('row').slice(1);
    expect(
      within(rows[0]).getByRole('link', { name: 'payments-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/security',
    );
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'payments-api',
      expect.stringContaining('payments@example.com'),
      'Tier 1 · production',
      '25 points (1 APIs)',
      '2.13.2',
      '2.15.0',
      expect.stringContaining('Known exploited (KEV)'),
      '1',
      'Inventory',
    ]);
    expect(within(rows[1]).getAllByRole('cell')[8].textContent).toBe(
      'Inventory, Scanner',
    );
    // the chart's sentence for screen readers
    expect(
      screen.getByText(
        'Affected components by owning team: Checkout 1, Payments 1.',
      ),
    ).toBeInTheDocument();
    // without the permission, no "notify owners"
    expect(screen.queryByRole('button', { name: 'Notify owners' })).toBeNull();
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
  });
});
