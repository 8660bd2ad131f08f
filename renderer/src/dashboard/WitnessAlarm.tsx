import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckCheck } from 'lucide-react';
import type { WitnessAlarm as Alarm } from '../../../shared/api/lan-contract';
import { api } from '../api/api';
import { canCall } from '../auth/access';
import { Alert } from '../components/Alert';
import { ReasonDialog } from '../components/ReasonDialog';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';
import { useApp } from '../state/app';

/**
 * SPEC §11 on the dashboard: a station saw journal rows this data no longer holds (put back to an
 * older copy, or rewritten). The safety manager and the administrator are told which station, what it
 * saw and where the data ends now, and what to do; the safety manager marks one as checked, saying
 * what she found.
 */
export function WitnessAlarm() {
  const { t } = useTranslation();
  const dates = useDates();
  const session = useApp((s) => s.session);
  const [checking, setChecking] = useState<Alarm | null>(null);
  // Every 5 minutes, as the clock warning: a rare event, and a background refresh (not activity for the idle lock).
  const { value, refresh } = usePolling('lan.witnessAlarms', {}, 5 * 60_000);
  if (!value || value.length === 0) return null;
  const mayAcknowledge = canCall('lan.acknowledgeWitnessAlarm', session);
  const describe = (a: Alarm) =>
    t(`shell.dashboard.witness.${a.kind}`, {
      reported: dates.dateTime(a.reportedAt), station: a.stationName ?? a.stationId, seen: a.seenSeq,
      seenAt: a.seenAt ? dates.dateTime(a.seenAt) : '—', journal: a.journalSeq,
    });
  return (
    <div className="dashboard-alert">
      <Alert tone="error" testId="witness-alarm">
        <p>{t('shell.dashboard.witness.lead')}</p>
        <ul>
          {value.map((a) => (
            <li key={a.seq}>
              <span id={`witness-alarm-${a.seq}`}>{describe(a)}</span>
              {mayAcknowledge && (
                <>
                  {' '}
                  <button type="button" className="btn btn-secondary btn-sm" aria-describedby={`witness-alarm-${a.seq}`} onClick={() => setChecking(a)}>
                    {t('shell.dashboard.witness.acknowledge')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <p>{t('shell.dashboard.witness.todo')}</p>
      </Alert>
      {checking && (
        <ReasonDialog
          title={t('shell.dashboard.witness.acknowledgeTitle')}
          lead={
            <>
              {describe(checking)}
              <br />
              {t('shell.dashboard.witness.acknowledgeLead')}
            </>
          }
          reasonLabel={t('shell.dashboard.witness.acknowledgeReason')}
          submitLabel={t('shell.dashboard.witness.acknowledge')}
          icon={CheckCheck}
          tone="primary"
          testId="witness-acknowledge"
          submit={(reason) => api('lan.acknowledgeWitnessAlarm', { seq: checking.seq, reason })}
          onDone={() => {
            setChecking(null);
            refresh();
          }}
          onClose={() => setChecking(null)}
        />
      )}
    </div>
  );
}
