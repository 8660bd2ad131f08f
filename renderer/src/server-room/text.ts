import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { purposeCatalogKey, type Companions, type ServerRoomAnomaly } from '../../../shared/ledgers/serverRoom';
import { durationText, isMessageKey, type Language } from '../../../shared/i18n';
import { holidayNameEn } from '../../../shared/calendar';
import { usePunct } from '../hooks/usePunct';

/** Words of the server-room book that depend on data: purposes, durations, anomalies, companions. */
export function useServerRoomText() {
  const { t, i18n } = useTranslation();
  const p = usePunct();
  // A default purpose has a catalog label (so English works); a company's own, or a default one it
  // relabelled, shows its saved label (as the paper does).
  const purpose = useCallback(
    (code: string, label?: string | null) => {
      const key = purposeCatalogKey(code, label);
      return key && isMessageKey(key) ? t(key) : (label ?? code);
    },
    [t],
  );
  const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
  const duration = useCallback((minutes: number) => durationText(lang, minutes), [lang]);
  const anomalyLabel = useCallback((a: ServerRoomAnomaly) => t(`serverRoom.anomaly.${a.code}`), [t]);
  // A closing recorded after its deadline has its own sentence where the plain one would not be true.
  const anomalyDetail = useCallback((a: ServerRoomAnomaly) => {
    const late = `serverRoom.anomalyDetail.${a.code}_recorded_late`;
    // On a day off the hours are not what it is about: the day is (a walk-through found 「{{start}}〜{{end}}」 said as it is).
    if (a.code === 'outside_business_hours' && a.params?.day !== undefined && a.params.day !== 'business') {
      const kind = `serverRoom.dayKind.${String(a.params.day)}`;
      const named = isMessageKey(kind) ? t(kind) : String(a.params.day);
      const holiday = a.params.holiday === undefined ? null : i18n.language === 'ja' ? String(a.params.holiday) : holidayNameEn(String(a.params.holiday));
      return t('serverRoom.anomalyDetail.outside_business_hours_day_off', { dayKind: holiday ? p.list([named, holiday]) : named });
    }
    if (a.code === 'not_authorized' && a.params?.companions)
      return t(a.params.companionsOnly ? 'serverRoom.anomalyDetail.not_authorized_companions' : 'serverRoom.anomalyDetail.not_authorized_with_companions', { count: Number(a.params.companions) });
    // A long stay in hours and minutes, as the book shows a stay's length (a walk-through read 「滞在が901分で」).
    // A delay the same way: 「1 h」, not 「1 hours」 (a walk-through of English counts).
    const spans =
      a.code === 'over_max_stay'
        ? { stay: duration(Number(a.params?.minutes)), limit: duration(Number(a.params?.max)) }
        : a.code === 'late_record'
          ? { after: duration(Number(a.params?.hours) * 60), limit: duration(Number(a.params?.max) * 60) }
          : a.code === 'offline_delivery'
            ? { after: duration(Number(a.params?.minutes)) }
            : {};
    return t(a.params?.recordedLate && isMessageKey(late) ? late : `serverRoom.anomalyDetail.${a.code}`, { ...a.params, ...spans });
  }, [t, i18n.language, p, duration]);
  const companionsSummary = useCallback(
    (c: Companions) => {
      const parts: string[] = [];
      if (c.employees.length) parts.push(t('serverRoom.ui.employeesCount', { count: c.employees.length }));
      if (c.visitors.length) parts.push(t('serverRoom.ui.visitorsCount', { count: c.visitors.length }));
      // Joined by 「、」: 「・」 is inside 来訪者・業者 itself (a walk-through read 社員1名・来訪者・業者1名).
      return parts.length ? parts.join(t('common.listSeparator')) : t('serverRoom.ui.companionsNone');
    },
    [t, p],
  );
  // A visitor of an erased stay went in (kept for the rules) without a name or company now: 消去済.
  const visitorWords = useCallback((v: { name: string; company: string }) => (v.name ? p.note(v.name, v.company) : t('history.erased')), [t, p]);
  /** Every companion by name, one per line: employees, then visitors with company and escort. */
  const companionLines = useCallback(
    (c: Companions) => [
      ...c.employees.map((e) => e.name),
      ...c.visitors.map(
        (v) => `${visitorWords(v)}${v.escortName ? ` ${t('serverRoom.ui.escortBy', { name: v.escortName })}` : ` ${t('serverRoom.ui.noEscort')}`}`,
      ),
    ],
    [t, p, visitorWords],
  );
  /**
   * Every companion on one line (who is inside now): each visitor's escort inside its own brackets,
   * so it is not read as everyone's (a walk-through: 「鈴木 陽子、山口 一郎（…） 同行: 佐藤 健一」).
   */
  const companionsInline = useCallback(
    (c: Companions) =>
      [
        ...c.employees.map((e) => e.name),
        ...c.visitors.map((v) => p.note(v.name || t('history.erased'), [v.company, v.escortName ? t('serverRoom.ui.escortBy', { name: v.escortName }) : t('serverRoom.ui.noEscort')].join(t('common.listSeparator')))),
      ].join(t('common.listSeparator')),
    [t, p],
  );
  return useMemo(
    () => ({ purpose, duration, anomalyLabel, anomalyDetail, companionsSummary, companionLines, companionsInline }),
    [purpose, duration, anomalyLabel, anomalyDetail, companionsSummary, companionLines, companionsInline],
  );
}
