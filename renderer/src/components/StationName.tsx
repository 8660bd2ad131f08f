import { useTranslation } from 'react-i18next';
import { describeStation } from '../../../shared/stations';
import type { MessageKey } from '../../../shared/i18n';

/**
 * A station as people know it (issue 6): the name an administrator gave it, or what its id says in
 * words (入退室端末（OSK）, ブラウザ（pc12）) — never the raw id, which stays in the tooltip.
 */
export function StationName({ id, name }: { id: string; name: string | null }) {
  const text = useStationLabel()(id, name);
  return <span title={id}>{text}</span>;
}

/** The label of a station, for places that need the text. */
export function useStationLabel(): (id: string, name: string | null) => string {
  const { t } = useTranslation();
  return (id, name) => stationLabel((key, params) => String(t(key as MessageKey, params as never)), id, name);
}

/** A station's label in the words `t` gives (the screen's catalog). */
export function stationLabel(t: (key: MessageKey, params?: Record<string, string | undefined>) => string, id: string, name: string | null): string {
  const p = describeStation(id);
  // Started at a desk (a clerk's tab): said so, with the desk station (an insider probe: it read as the
  // site's door) — after any name it was given too (a second: renamed 「サーバルーム入口」, it read as the door).
  const desk = p.kind === 'door' && p.startedAt ? t(`stations.kinds.${p.startedAt}`, { host: p.host }) : null;
  if (name) return desk ? t('stations.kinds.namedAtDesk', { name, desk }) : name;
  if (desk && p.site) return t('stations.kinds.doorAtDesk', { site: p.site, desk });
  if (p.kind === 'door') return p.site ? t('stations.kinds.doorAt', { site: p.site }) : t('stations.kinds.door');
  if (p.kind === 'system') return t('stations.kinds.system');
  if (p.kind === 'other') return p.host ?? id;
  return t(`stations.kinds.${p.kind}`, { host: p.host });
}
