/**
 * The compliance frameworks a policy's `controls` may name: `soc2` (the AICPA 2017 Trust Services
 * Criteria, revised points of focus 2022) and `iso27001` (ISO/IEC 27001:2022 Annex A).
 *
 * @public
 */
export type ControlFramework = 'soc2' | 'iso27001';

/**
 * The frameworks, in the order reports list them.
 *
 * @public
 */
export const CONTROL_FRAMEWORKS: readonly ControlFramework[] = [
  'soc2',
  'iso27001',
];

/**
 * A control a policy provides evidence for: `{ framework: soc2, id: CC7.1 }` or
 * `{ framework: iso27001, id: A.8.8 }`.
 *
 * @public
 */
export interface ControlReference {
  framework: ControlFramework;
  id: string;
}

/**
 * How many points each criterion series of the SOC 2 Trust Services Criteria (2017) has: CC1.1
 * to CC1.5, ..., A1.1 to A1.3, C1.1 and C1.2, PI1.1 to PI1.5, P1.1 to P8.1.
 */
const SOC2_SERIES: Record<string, number> = {
  CC1: 5,
  CC2: 3,
  CC3: 4,
  CC4: 2,
  CC5: 3,
  CC6: 8,
  CC7: 5,
  CC8: 1,
  CC9: 2,
  A1: 3,
  C1: 2,
  PI1: 5,
  P1: 1,
  P2: 1,
  P3: 2,
  P4: 3,
  P5: 2,
  P6: 7,
  P7: 1,
  P8: 1,
};

/**
 * How many controls each theme of ISO/IEC 27001:2022 Annex A has: A.5 organizational (37),
 * A.6 people (8), A.7 physical (14), A.8 technological (34).
 */
const ISO27001_THEMES: Record<string, number> = { 5: 37, 6: 8, 7: 14, 8: 34 };

/**
 * Why a control id does not exist in its framework (the shape, or a number past the last control
 * of its series), or undefined when it does.
 *
 * @public
 */
export function controlIdProblem(
  framework: ControlFramework,
  id: string,
): string | undefined {
  if (framework === 'soc2') {
    const m = /^(CC[1-9]|A1|C1|PI1|P[1-8])\.([1-9])$/.exec(id);
    if (!m) {
      return `'${id}' is not a SOC 2 Trust Services Criteria id (e.g. CC6.1, CC7.1, CC8.1, A1.2)`;
    }
    if (Number(m[2]) > SOC2_SERIES[m[1]]) {
      return `'${id}' is not a SOC 2 criterion: ${m[1]} ends at ${m[1]}.${
        SOC2_SERIES[m[1]]
      }`;
    }
    return undefined;
  }
  const m = /^A\.([5-8])\.([1-9][0-9]?)$/.exec(id);
  if (!m) {
    return `'${id}' is not an ISO/IEC 27001:2022 Annex A id (e.g. A.5.9, A.8.8, A.8.32)`;
  }
  if (Number(m[2]) > ISO27001_THEMES[m[1]]) {
    return `'${id}' is not an ISO/IEC 27001:2022 Annex A control: A.${
      m[1]
    } ends at A.${m[1]}.${ISO27001_THEMES[m[1]]}`;
  }
  return undefined;
}

/**
 * A control of the catalogue: its framework, id and short title.
 *
 * @public
 */
export interface ControlDefinition extends ControlReference {
  title: string;
}

/**
 * The controls the built-in policies reference, with their titles: ISO/IEC 27001:2022 Annex A
 * titles as the standard gives them; for SOC 2, whose criteria have no titles, the criterion's
 * text shortened to its subject.
 *
 * @public
 */
export const CONTROL_CATALOGUE: readonly ControlDefinition[] = [
  {
    framework: 'soc2',
    id: 'CC6.1',
    title:
      'Logical access security software, infrastructure and architectures over protected information assets',
  },
  {
    framework: 'soc2',
    id: 'CC6.6',
    title:
      'Logical access security measures against threats from sources outside the system boundaries',
  },
  {
    framework: 'soc2',
    id: 'CC6.8',
    title:
      'Controls to prevent or detect and act upon the introduction of unauthorized or malicious software',
  },
  {
    framework: 'soc2',
    id: 'CC7.1',
    title:
      'Detection and monitoring of configuration changes that introduce vulnerabilities, and of newly discovered vulnerabilities',
  },
  {
    framework: 'soc2',
    id: 'CC8.1',
    title:
      'Changes to infrastructure, data, software and procedures are authorized, designed, developed, configured, documented, tested, approved and implemented',
  },
  {
    framework: 'iso27001',
    id: 'A.5.9',
    title: 'Inventory of information and other associated assets',
  },
  {
    framework: 'iso27001',
    id: 'A.5.32',
    title: 'Intellectual property rights',
  },
  {
    framework: 'iso27001',
    id: 'A.8.8',
    title: 'Management of technical vulnerabilities',
  },
  { framework: 'iso27001', id: 'A.8.9', title: 'Configuration management' },
  {
    framework: 'iso27001',
    id: 'A.8.22',
    title: 'Segregation of networks',
  },
  {
    framework: 'iso27001',
    id: 'A.8.25',
    title: 'Secure development life cycle',
  },
  {
    framework: 'iso27001',
    id: 'A.8.27',
    title: 'Secure system architecture and engineering principles',
  },
  { framework: 'iso27001', id: 'A.8.28', title: 'Secure coding' },
  {
    framework: 'iso27001',
    id: 'A.8.29',
    title: 'Security testing in development and acceptance',
  },
  { framework: 'iso27001', id: 'A.8.32', title: 'Change management' },
];

/**
 * The title of a control: the catalogue's, or the id itself for a control it does not list (a
 * custom policy may reference any control of its framework).
 *
 * @public
 */
export function controlTitle(reference: ControlReference): string {
  return (
    CONTROL_CATALOGUE.find(
      c => c.framework === reference.framework && c.id === reference.id,
    )?.title ?? reference.id
  );
}

/**
 * Orders controls by framework, then by their numbers (CC6.8 before CC7.1, A.8.9 before A.8.22).
 *
 * @public
 */
export function compareControls(
  a: ControlReference,
  b: ControlReference,
): number {
  const fa = CONTROL_FRAMEWORKS.indexOf(a.framework);
  const fb = CONTROL_FRAMEWORKS.indexOf(b.framework);
  if (fa !== fb) return fa - fb;
  return a.id.localeCompare(b.id, 'en', { numeric: true });
}
