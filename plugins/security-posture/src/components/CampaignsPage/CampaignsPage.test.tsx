import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  campaignDetail,
  renderCampaignsPage as render,
} from '../../__testUtils__/campaigns';
import { mockSecurityPostureApi } from '../../__testUtils__/fixtures';
import { burnDownPoints } from './BurnDown';
import { campaignCsv } from './campaignCsv';
import { inputOf } from './CampaignForm';

jest.setTimeout(20_000);

describe('campaign helpers', () => {
  it('draws the burn-down from the first day to the deadline with the on-track line', () => {
    const points = burnDownPoints(
      [
        { day: '2027-01-01', compliant: 0, failing: 4 },
        { day: '2027-01-03', compliant: 2, failing: 2 },
      ],
      '2027-01-05T23:59:59Z',
    );
    expect(points.map(p => p.day)).toEqual([
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
      '2027-01-04',
      '2027-01-05',
    ]);
    expect(points.map(p => p.failing)).toEqual([
      4,
      undefined,
      2,
      undefined,
      undefined,
    ]);
    expect(points.map(p => p.ideal)).toEqual([4, 3, 2, 1, 0]);
    expect(burnDownPoints([], '2027-01-05T00:00:00Z')).toEqual([]);
  });

  it('writes the components as CSV, failing first, formulas kept as text', () => {
    const lines = campaignCsv(campaignDetail).split('\r\n');
    expect(lines[0]).toBe(
      '"entityRef","title","ownerRef","compliant","reason","campaign","deadline"',
    );
    expect(lines[1]).toContain('"component:default/payments-api"');
    expect(lines[1]).toContain('"false"');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines).toHaveLength(5);
  });

  it('sends the form as the API input: lists split, days as whole UTC days', () => {
    expect(
      inputOf({
        title: 'No KEV',
        description: '',
        goalType: 'no-finding',
        expression: '',
        templateRef: '',
        minVersion: '',
        rule: ' CVE-2021-44228 ',
        pkg: '',
        tiers: '1, 2',
        lifecycles: 'production',
        systems: 'system:default/payments, system:default/identity',
        owners: '',
        kinds: '',
        templates: '',
        startsAt: '2027-01-01',
        deadline: '2027-01-31',
        ownerRef: '',
      }),
    ).toEqual({
      title: 'No KEV',
      description: '',
      goal: { type: 'no-finding', filter: { rule: 'CVE-2021-44228' } },
      scope: {
        tiers: [1, 2],
        lifecycles: ['production'],
        systems: ['system:default/payments', 'system:default/identity'],
      },
      startsAt: '2027-01-01T00:00:00Z',
      deadline: '2027-01-31T23:59:59Z',
    });
  });
});

describe('SecurityCampaignsPage', () => {
  beforeEach(() => {
    URL.createObjectURL = jest.fn(() => 'blob:campaign');
    URL.revokeObjectURL = jest.fn();
  });

  it('lists the campaigns with their status and progress, and creates one', async () => {
    const api = mockSecurityPostureApi();
    api.listCampaigns.mockResolvedValue({ items: [] });
    api.listTemplates.mockResolvedValue({
      items: [
        {
          ref: 'template:default/node-service',
          namespace: 'default',
          name: 'node-service',
          title: 'Node service',
          latestVersion: '1.1.0',
          versions: [],
          adoption: [],
        },
      ],
    });
    api.createCampaign.mockRejectedValueOnce(
      new Error("goal.minVersion: 'x' is not a semantic version (e.g. 1.1.0)"),
    );
    api.createCampaign.mockResolvedValueOnce(campaignDetail.campaign);
    api.getCampaign.mockResolvedValue(campaignDetail);
    await render({ path: '/', permission: 'ALLOW', api });
    expect(await screen.findByText('No campaign yet.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'New campaign' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Title/), 'Node 1.1');
    await userEvent.click(within(dialog).getByLabelText('Goal'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'A template version' }),
    );
    await userEvent.click(within(dialog).getByLabelText(/^Template/));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Node service (1.1.0)' }),
    );
    await userEvent.type(within(dialog).getByLabelText(/^Version/), 'x');
    await userEvent.type(within(dialog).getByLabelText(/^Tiers/), '1');
    await userEvent.type(
      within(dialog).getByLabelText(/^Deadline/),
      '2099-01-31',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    // the server's message names the field; nothing is lost from the form
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'goal.minVersion',
    );
    await userEvent.clear(within(dialog).getByLabelText(/^Version/));
    await userEvent.type(within(dialog).getByLabelText(/^Version/), '1.1.0');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.createCampaign).toHaveBeenCalledTimes(2));
    expect(api.createCampaign.mock.calls[1][0]).toMatchObject({
      title: 'Node 1.1',
      goal: {
        type: 'template',
        templateRef: 'template:default/node-service',
        minVersion: '1.1.0',
      },
      scope: { tiers: [1] },
      deadline: '2099-01-31T23:59:59Z',
    });
    // it opens the new campaign
    expect(
      await screen.findByRole('heading', {
        name: campaignDetail.campaign.title,
      }),
    ).toBeInTheDocument();
  });

  it('offers the failing components’ upgrades, edits with the version read and deletes', async () => {
    const api = mockSecurityPostureApi();
    api.getCampaign.mockResolvedValue(campaignDetail);
    api.listCampaigns.mockResolvedValue({ items: [] });
    api.listTemplates.mockResolvedValue({ items: [] });
    api.startTemplateUpgradeRun.mockResolvedValue({ total: 2 } as any);
    api.updateCampaign.mockResolvedValue(campaignDetail.campaign);
    api.deleteCampaign.mockResolvedValue(undefined);
    await render({ path: '/c-1', permission: 'ALLOW', api });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Offer upgrades to the 2 failing components',
      }),
    );
    expect(api.startTemplateUpgradeRun).toHaveBeenCalledWith(
      { namespace: 'default', name: 'node-service' },
      {
        entityRefs: [
          'component:default/payments-api',
          'component:default/ledger',
        ],
      },
    );
    expect(
      await screen.findByText(/Upgrade run started for 2 components/),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/^Title/)).toHaveValue(
      'Node service 1.1.0 everywhere',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateCampaign).toHaveBeenCalledWith(
        'c-1',
        expect.objectContaining({
          version: 3,
          scope: { tiers: [1], systems: ['system:default/payments'] },
        }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog');
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(api.deleteCampaign).toHaveBeenCalledWith('c-1'));
  });
});
