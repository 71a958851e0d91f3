import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EvidenceExport } from '@golden-path/plugin-security-posture-common';
import { renderEvidencePage as render } from '../../__testUtils__/campaigns';
import { mockSecurityPostureApi } from '../../__testUtils__/fixtures';

jest.setTimeout(20_000);

const evidence: EvidenceExport = {
  generatedAt: '2026-12-06T12:00:00Z',
  generatedBy: 'user:default/auditor',
  period: { from: '2026-11-30', to: '2026-12-06' },
  scope: { framework: null, system: null, owner: null, tier: null },
  coverage: {
    days: 7,
    retainedFrom: '2026-12-01',
    missingDays: ['2026-11-30'],
  },
  controls: [
    {
      framework: 'iso27001',
      id: 'A.8.8',
      title: 'Management of technical vulnerabilities',
      policies: [
        {
          name: 'known-exploited',
          description: 'No known-exploited vulnerability',
          target: 'posture',
          mode: 'enforce',
          rules: ['no-kev'],
        },
      ],
      components: [
        {
          entityRef: 'component:default/payments-api',
          title: 'payments-api',
          ownerRef: 'group:default/payments',
          passDays: 4,
          failDays: 1,
          exceptedDays: 1,
          missingDays: 1,
          history: [],
        },
        {
          entityRef: 'component:default/ledger',
          title: 'ledger',
          ownerRef: 'group:default/payments',
          passDays: 6,
          failDays: 0,
          exceptedDays: 0,
          missingDays: 1,
          history: [],
        },
      ],
    },
  ],
  exceptions: [
    {
      id: 'e1',
      entityRef: 'component:default/payments-api',
      subject: '<script>alert(1)</script>',
      reason: 'compensating control',
      requestedBy: 'user:default/dev',
      approvedBy: 'user:default/lead',
      status: 'approved',
      createdAt: '2026-12-02T00:00:00Z',
      expiresAt: '2027-01-02T00:00:00Z',
    },
  ],
  auditEvents: [],
};

describe('SecurityEvidencePage', () => {
  beforeEach(() => {
    URL.createObjectURL = jest.fn(() => 'blob:evidence');
    URL.revokeObjectURL = jest.fn();
  });

  it('previews a period from the URL: missing days named, controls summed, exceptions as text; downloads with the digest', async () => {
    const api = mockSecurityPostureApi();
    api.getEvidence.mockResolvedValue(evidence);
    api.downloadEvidence.mockResolvedValue({
      body: '<!doctype html><title>evidence</title>',
      contentType: 'text/html; charset=utf-8',
      digest: 'sha-256=abc=',
    });
    await render({
      path: '/?from=2026-11-30&to=2026-12-06&framework=iso27001',
      permission: 'ALLOW',
      api,
    });
    expect(
      await screen.findByText(
        '1 day(s) of the period have no retained snapshot: 2026-11-30',
      ),
    ).toBeInTheDocument();
    expect(api.getEvidence).toHaveBeenCalledWith({
      from: '2026-11-30',
      to: '2026-12-06',
      framework: 'iso27001',
    });
    const controls = screen.getByRole('table', { name: 'Controls' });
    const row = within(controls).getAllByRole('row')[1];
    expect(row).toHaveTextContent(
      'A.8.8 Management of technical vulnerabilities',
    );
    expect(row).toHaveTextContent('known-exploited');
    // 2 components; pass 10, fail 1, excepted 1, missing 2
    expect(
      within(row)
        .getAllByRole('cell')
        .slice(2)
        .map(c => c.textContent),
    ).toEqual(['2', '10', '1', '1', '2']);
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Download HTML' }),
    );
    await waitFor(() =>
      expect(api.downloadEvidence).toHaveBeenCalledWith(
        { from: '2026-11-30', to: '2026-12-06', framework: 'iso27001' },
        'html',
      ),
    );
    expect(
      await screen.findByText(
        'Recorded in the audit log with SHA-256 sha-256=abc=',
      ),
    ).toBeInTheDocument();
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('asks for a period and puts the question in the URL', async () => {
    const api = mockSecurityPostureApi();
    api.getEvidence.mockResolvedValue(evidence);
    await render({ path: '/', permission: 'ALLOW', api });
    const from = await screen.findByLabelText(/^From/);
    await userEvent.clear(from);
    await userEvent.type(from, '2026-12-01');
    await userEvent.type(
      screen.getByLabelText(/^System/),
      'system:default/payments',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() =>
      expect(api.getEvidence).toHaveBeenCalledWith(
        expect.objectContaining({
          from: '2026-12-01',
          system: 'system:default/payments',
        }),
      ),
    );
  });
});
