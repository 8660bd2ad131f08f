import { useTranslation } from 'react-i18next';
import type { LucideIcon } from 'lucide-react';
import { Clock3, CopyX, Hourglass, Moon, ShieldX, UserX, TimerOff, WifiOff } from 'lucide-react';
import type { ServerRoomAnomaly, ServerRoomAnomalyCode } from '../../../shared/ledgers/serverRoom';
import { usePunct } from '../hooks/usePunct';
import { useServerRoomText } from './text';

// SPEC §4.1 anomalies, one mark each: an icon, the short label, and the sentence with its values
// as the tooltip (and for screen readers).
const ICONS: Record<ServerRoomAnomalyCode, LucideIcon> = {
  no_exit_by_end_of_day: TimerOff,
  over_max_stay: Hourglass,
  outside_business_hours: Moon,
  not_authorized: ShieldX,
  visitor_without_escort: UserX,
  overlapping_stay: CopyX,
  late_record: Clock3,
  offline_delivery: WifiOff,
};

export function AnomalyBadge({ anomaly }: { anomaly: ServerRoomAnomaly }) {
  const text = useServerRoomText();
  const p = usePunct();
  const Icon = ICONS[anomaly.code];
  const detail = text.anomalyDetail(anomaly);
  return (
    <span className="badge badge-danger sr-anomaly" title={detail} data-testid="anomaly" data-code={anomaly.code}>
      <Icon size={13} aria-hidden="true" />
      <span>{text.anomalyLabel(anomaly)}</span>
      <span className="visually-hidden">
        {p.colon}
        {detail}
      </span>
    </span>
  );
}

/** The anomaly marks of one stay; with `limit`, the rest as "+n" (their labels in the tooltip). */
export function AnomalyMarks({ anomalies, limit }: { anomalies: ServerRoomAnomaly[]; limit?: number }) {
  const text = useServerRoomText();
  const p = usePunct();
  const { t } = useTranslation();
  if (anomalies.length === 0) return null;
  const shown = limit && anomalies.length > limit ? anomalies.slice(0, limit - 1) : anomalies;
  const rest = anomalies.slice(shown.length);
  return (
    <span className="badges sr-anomalies">
      {shown.map((a) => (
        <AnomalyBadge key={a.code} anomaly={a} />
      ))}
      {rest.length > 0 && (
        <span className="badge badge-danger" title={rest.map((a) => text.anomalyDetail(a)).join('\n')} data-testid="anomaly-more">
          +{rest.length}
          <span className="visually-hidden">
            {p.colon}
            {rest.map((a) => text.anomalyLabel(a)).join(t('common.listSeparator'))}
          </span>
        </span>
      )}
    </span>
  );
}
