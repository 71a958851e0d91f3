import { PostureException } from '@golden-path/plugin-security-posture-common';
import { SecurityPostureT } from '../common/useT';

/** What an exception covers, in words. */
export function exceptionSubject(
  t: SecurityPostureT,
  exception: PostureException,
): string {
  if (exception.scope === 'finding') {
    return t('exceptions.subject.finding', {
      id: exception.findingId ?? '',
      rule: exception.ruleId,
    });
  }
  return exception.tool
    ? t('exceptions.subject.ruleTool', {
        rule: exception.ruleId,
        tool: exception.tool,
      })
    : t('exceptions.subject.rule', { rule: exception.ruleId });
}
