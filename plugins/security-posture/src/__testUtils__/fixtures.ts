import { Entity } from '@backstage/catalog-model';
import {
  Finding,
  FindingDetail,
  Posture,
  ScorecardRow,
  SecurityPostureApi,
} from '@golden-path/plugin-security-posture-common';

/** A component entity as the catalog returns it. */
export function makeComponent(name = 'payments-api'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  };
}

/** A finding with every field set; override what a test is about. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'f1',
    fingerprint: 'fp1',
    tool: 'trivy',
    kind: 'sca',
    ruleId: 'CVE-2021-44228',
    title: 'log4j-core: remote code execution',
    severity: 'critical',
    status: 'open',
    branch: 'main',
    aliases: ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'],
    cwes: ['CWE-502'],
    package: {
      name: 'org.apache.logging.log4j:log4j-core',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      installedVersion: '2.14.1',
      fixedVersion: '2.15.0',
    },
    location: { path: 'pom.xml', startLine: 12, endLine: 14 },
    message:
      'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP.',
    remediation: 'Upgrade log4j-core to 2.15.0',
    remediationUrl: 'https://logging.apache.org/log4j/2.x/security.html',
    cvssScore: 10,
    suppression: null,
    secretRedacted: null,
    firstSeenAt: '2026-10-01T08:00:00.000Z',
    lastSeenAt: '2026-11-20T08:00:00.000Z',
    fixedAt: null,
    reopenCount: 0,
    slaDueAt: '2026-10-08T08:00:00.000Z',
    overdue: true,
    kev: true,
    epss: 0.94,
    priority: { score: 100, label: 'P1' },
    ...overrides,
  };
}

/** A finding with its history. */
export function makeFindingDetail(
  overrides: Partial<FindingDetail> = {},
): FindingDetail {
  return {
    ...makeFinding(),
    history: [
      {
        scanId: 's1',
        at: '2026-10-01T08:00:00.000Z',
        event: 'opened',
        commit: 'abc1234',
      },
      {
        scanId: 's2',
        at: '2026-11-20T08:00:00.000Z',
        event: 'seen',
        commit: null,
      },
    ],
    ...overrides,
  };
}

/** The posture of a scanned component; override what a test is about. */
export function makePosture(overrides: Partial<Posture> = {}): Posture {
  return {
    entityRef: 'component:default/payments-api',
    state: 'scanned',
    score: 62,
    grade: 'D',
    scoreBreakdown: [{ label: 'critical findings', points: -50 }],
    tier: 1,
    lifecycle: 'production',
    owner: 'group:default/payments',
    system: 'system:default/payments',
    domain: 'domain:default/commerce',
    open: { critical: 2, high: 3, medium: 5, low: 1, info: 0 },
    suppressed: 4,
    overdue: 1,
    slaDays: { critical: 7, high: 30, medium: 90, low: 180, info: 0 },
    lastScanAt: '2026-11-20T08:00:00.000Z',
    coverage: [
      {
        kind: 'sca',
        required: true,
        lastScanAt: '2026-11-20T08:00:00.000Z',
        tools: ['trivy'],
      },
      {
        kind: 'secret',
        required: true,
        lastScanAt: '2026-11-19T08:00:00.000Z',
        tools: ['gitleaks'],
      },
      { kind: 'sast', required: true, lastScanAt: null, tools: [] },
    ],
    missingScanners: ['sast'],
    checks: [],
    template: { ref: 'template:default/node-service', version: '1.4.0' },
    topFindings: [makeFinding()],
    ...overrides,
  };
}

/** A scorecard row; override what a test is about. */
export function makeRow(overrides: Partial<ScorecardRow> = {}): ScorecardRow {
  return {
    entityRef: 'group:default/payments',
    title: 'Payments',
    parentRef: null,
    childRefs: [],
    componentRefs: [],
    score: 80,
    grade: 'B',
    open: { critical: 0, high: 1, medium: 2, low: 3, info: 0 },
    overdue: 0,
    meanTimeToRemediateDays: 4.5,
    coverage: { scanned: 1, total: 2 },
    trend: [70, 75, 80],
    ...overrides,
  };
}

/** A `SecurityPostureApi` of jest mocks, each returning undefined until a test sets it. */
export function mockSecurityPostureApi(): jest.Mocked<SecurityPostureApi> {
  return {
    getPosture: jest.fn(),
    listFindings: jest.fn(),
    getFinding: jest.fn(),
    listEntityInventory: jest.fn(),
    getScorecards: jest.fn(),
    getHistory: jest.fn(),
    searchInventory: jest.fn(),
    getAffected: jest.fn(),
    notifyAffectedOwners: jest.fn(),
    listCampaigns: jest.fn(),
    getCampaign: jest.fn(),
    createCampaign: jest.fn(),
    updateCampaign: jest.fn(),
    deleteCampaign: jest.fn(),
    listEntityCampaigns: jest.fn(),
    getEvidence: jest.fn(),
    downloadEvidence: jest.fn(),
    uploadReport: jest.fn(),
    enrollComponent: jest.fn(),
    listTemplates: jest.fn(),
    listTemplateComponents: jest.fn(),
    listTemplateUpgrades: jest.fn(),
    startTemplateUpgrades: jest.fn(),
    startTemplateUpgradeRun: jest.fn(),
    getUpgradeRun: jest.fn(),
    listExceptions: jest.fn(),
    requestException: jest.fn(),
    decideException: jest.fn(),
    getVex: jest.fn(),
    queryAudit: jest.fn(),
  };
}
