import type { RemovalReport } from '../../shared/index.ts';
import { t } from '../i18n.ts';
import type { RemovalOperation } from './log.ts';

/** Whom a removal was for, in words: a subject, a session, or oneself. */
export function describeTarget(operation: RemovalOperation): string {
  if (operation.mode === 'self') {
    return t('targetOwnSessions');
  }
  const { subjectId, sessionId } = operation.input;
  if (subjectId !== undefined && sessionId !== undefined) {
    return t('targetSubjectSession', subjectId, sessionId);
  }
  return subjectId !== undefined
    ? t('targetSubject', subjectId)
    : t('targetSession', sessionId ?? '');
}

/** What a removal did, in one sentence for a notification or a list. */
export function describeOutcome(operation: RemovalOperation): string {
  if (operation.state === 'running') {
    return t('outcomeRunning');
  }
  if (operation.state === 'failed') {
    return t('outcomeFailed', operation.error?.message ?? '');
  }
  return operation.report === null
    ? t('outcomeNoDetails')
    : describeReport(operation.report);
}

function describeReport(report: RemovalReport): string {
  // Zeros would read as a failure; most often the session had already
  // ended elsewhere by the time the removal reached the IdP.
  if (report.sessionsMatched === 0 && report.tokensRevoked === 0) {
    return t('outcomeNothingLeft');
  }
  const delivered = report.backchannel.filter(
    (delivery) => delivery.status === 'delivered',
  ).length;
  return t(
    'outcomeReport',
    report.sessionsRemoved,
    report.tokensRevoked,
    delivered,
    report.backchannel.length,
  );
}
