import { dayMarker, sheetText as t, timeCell, type SheetBody, type SheetEnv, type SheetOptions } from '../../print/sheets';
import { parseCompanions, serverRoomMonth } from './repo';
import { siteCalendar } from '../../site-calendar';
import { colonOf, withNote } from '../../../../shared/i18n/punct';
import { purposeCatalogKey } from '../../../../shared/ledgers/serverRoom';
import type { Language, MessageKey } from '../../../../shared/i18n';

/** SPEC §4.1 サーバルーム入退記録簿 on paper: a stay's person, purpose and companions by name, items in and out in one column. */
export function serverRoomSheet(env: SheetEnv, siteId: string, month: string, opts: SheetOptions): SheetBody {
  const f = (k: string) => t(opts.lang, `serverRoom.fields.${k}`);
  const stays = serverRoomMonth(env.store, env.settings, siteId, month, env.now);
  // Days off marked by the site's own calendar (the one 営業時間外 is judged by).
  const mark = dayMarker(siteCalendar(env.settings, siteId), opts.lang);
  return {
    columns: [
      // A time as date over time (11/2 ／ 09:08) in a column as wide as its heading; the text columns take
      // the page (a user probe: ten rows a page, 目的 and 同行者 wrapped inside their words while each time
      // column was 27 mm wide). An empty 備考 or 無効にした理由 is narrowed to its heading (settleColumns).
      { label: f('enteredAt'), width: 1.4 },
      { label: f('exitedAt'), width: 1.4 },
      { label: f('person'), width: 2 },
      { label: f('purpose'), width: 3.6 },
      { label: f('companions'), width: 5 },
      { label: `${f('itemsIn')}／${f('itemsOut')}`, width: 3.4 },
      { label: f('notes'), width: 2.4 },
      { label: f('voidReason'), width: 1.8, keep: true },
    ],
    rows: stays.map((s) => {
      // A personal value erased after the retention period reads 消去済 on paper, as on screen and in
      // every kit ledger's sheet — not as if never given (an insider probe: the book printed blanks).
      // Only where a value was (a probe: 消去済 in notes never written); an erased visitor still went in (kept for the rules).
      const erased = (field: string) => (s.erasedFields.includes(field) ? t(opts.lang, 'history.erased') : null);
      const companions = companionWords(s.companions, opts.lang);
      const onPaper = opts.onPaper?.(s.id, s.status, s.anomalies) ?? (s.status === 'void' ? [] : s.anomalies);
      return {
        cells: [
          timeCell(s.enteredAt, mark),
          timeCell(s.exitedAt, mark),
          s.personName,
          // A default purpose with its default label in the paper's language (保守点検 → Maintenance); one the company named, as named.
          [purposeWords(s.purpose, s.purposeLabel, opts.lang), s.purposeNote ?? erased('purposeNote')].filter(Boolean).join(colonOf(opts.lang)),
          // A visitor with the employee who went in with them (Art. 8(2)): the paper said only the visitor (a walk-through).
          companions,
          [s.itemsIn, s.itemsOut].map((x) => x ?? '').filter(Boolean).join('／'),
          s.notes ?? erased('notes') ?? '',
          s.voidReason ?? '',
        ],
      // Each stay's anomalies in words, as every kit ledger's paper has them (an insider probe: this book's had none).
        // (In a sealed month, also those a change after the seal took away, as sealed: anomaliesOnPaper.)
        anomalies: onPaper.map((a) => t(opts.lang, `serverRoom.anomaly.${a.code}`)),
        dispositions: onPaper.map((a) => opts.disposed?.(s.id, a.code) ?? null),
        changes: s.amendCount > 0 || s.status === 'void' ? opts.changes?.(s.id) : undefined,
        void: s.status === 'void',
        amended: s.amendCount > 0,
        sealedChange: s.sealedChange,
      };
    }),
  };
}

/** Who went in with the person, by name: employees, then each visitor with their company and the employee who escorted them. */
function companionWords(c: { employees: readonly { name: string }[]; visitors: readonly { name: string | null; company: string | null; escortName: string | null }[] }, lang: Language): string {
  return [
    ...c.employees.map((e) => e.name),
    ...c.visitors.map((v) => `${v.name ? withNote(lang, v.name, v.company ?? '') : t(lang, 'history.erased')} ${v.escortName ? t(lang, 'serverRoom.ui.escortBy', { name: v.escortName }) : t(lang, 'serverRoom.ui.noEscort')}`),
  ].join(t(lang, 'common.listSeparator'));
}

/**
 * The companions a correction changed, on paper, by name as the row has them (a probe: the change line
 * quoted the stored JSON, cut inside an id, so the paper did not say that the clerk had taken herself
 * off the stay). A person by the register's name (an erased one by the employee number); null: not
 * companions as stored (the line says it as any value).
 */
export function companionChangeWords(env: SheetEnv, value: unknown, lang: Language): string | null {
  let c: ReturnType<typeof parseCompanions>;
  try {
    c = parseCompanions(typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    return null;
  }
  if (!Array.isArray(c.employees) || !Array.isArray(c.visitors)) return null;
  const nameOf = (id: string | null | undefined) =>
    id ? ((env.store.stmt('SELECT coalesce(name, employee_no) FROM people WHERE id = ?').pluck().get(id) as string | undefined) ?? '') : null;
  const words = companionWords(
    {
      employees: c.employees.map((e) => ({ name: nameOf(e.personId) ?? '' })),
      visitors: c.visitors.map((v) => ({ name: v.name || null, company: v.company || null, escortName: nameOf(v.escortPersonId) })),
    },
    lang,
  );
  return words || t(lang, 'print.changeEmpty');
}

/** A purpose on paper: a default one with its default label in the paper's language; any other as the company named it. */
export function purposeWords(code: string, label: string, lang: Language): string {
  const key = purposeCatalogKey(code, label);
  return key ? t(lang, key as MessageKey) : label;
}
