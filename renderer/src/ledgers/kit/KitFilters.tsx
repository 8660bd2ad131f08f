import { useTranslation } from 'react-i18next';
import { DUE_FILTER_VALUES, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import { PersonPicker } from '../../components/PersonPicker';
import type { ParamChanges } from '../../hooks/useListQuery';
import { useKitText } from './kit-api';

/**
 * A ledger's own filters in the list's toolbar (its definition's `filters`): a person (who opened,
 * who borrowed), an enum's value (kind, state), whether an optional field is set (locked,
 * returned), or a time against now (overdue, due today). Their values live in the address with the kit's own.
 */
export function KitFilters({ def, params, update }: { def: LedgerDefinition; params: URLSearchParams; update: (changes: ParamChanges) => void }) {
  const { t, i18n } = useTranslation();
  const k = useKitText(def);
  return (
    <>
      {(def.filters ?? []).map((flt) => {
        const field = def.fields.find((f) => f.key === flt.field)!;
        const ownLabel = `${def.i18n}.filters.${flt.key}.label`;
        const label = i18n.exists(ownLabel) ? k.text(ownLabel) : k.label(field);
        const value = params.get(flt.key) ?? '';
        // A choice of values: whether an optional field is set, a time against now, an enum's value.
        const choices: [string, string][] | null =
          flt.kind === 'presence'
            ? (['unset', 'set'] as const).map((v) => [v, k.text(`${def.i18n}.filters.${flt.key}.${v}`)])
            : flt.kind === 'due'
              ? DUE_FILTER_VALUES.map((v) => [v, k.text(`${def.i18n}.filters.${flt.key}.${v}`)])
              : field.type.kind === 'enum'
                ? field.type.values.map((v) => [v, k.enumValue(field.key, v)])
                : null;
        if (choices)
          return (
            <label className="toolbar-field" key={flt.key}>
              <span>{label}</span>
              <select className="input" value={value} onChange={(e) => update({ [flt.key]: e.target.value || undefined })} data-testid={`filter-${flt.key}`}>
                <option value="">{t('ledgerKit.filters.all')}</option>
                {choices.map(([v, text]) => (
                  <option key={v} value={v}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
          );
        if (field.type.kind === 'ref' && field.type.table === 'people') {
          const id = params.get(flt.key);
          const person = id ? { id, name: params.get(`${flt.key}Name`) ?? '', employeeNo: params.get(`${flt.key}No`) ?? '' } : null;
          return (
            <div className="toolbar-field kit-person-filter" key={flt.key}>
              <span id={`kit-filter-${flt.key}`}>{label}</span>
              <PersonPicker
                value={person}
                active="all"
                control={{ 'aria-labelledby': `kit-filter-${flt.key}` }}
                onChange={(p) => update({ [flt.key]: p?.id, [`${flt.key}Name`]: p?.name, [`${flt.key}No`]: p?.employeeNo })}
                testId={`filter-${flt.key}`}
              />
            </div>
          );
        }
        // A ref to another register (a cabinet, an asset) is filtered from that register's row (its link), not typed here.
        return null;
      })}
    </>
  );
}
