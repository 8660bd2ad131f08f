import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { allows } from '../../../../shared/api/access';
import type { MethodName } from '../../../../shared/api/contract';
import type { ApiResult } from '../../../../shared/api/errors';
import type { MethodDef } from '../../../../shared/api/kit';
import { anomalyKey, enumLabelKey, ledgerContract, type FieldDef, type LedgerAnomaly, type LedgerDefinition } from '../../../../shared/ledgers/kit';
import type { MessageKey } from '../../../../shared/i18n';
import type { SessionInfo } from '../../../../shared/domain/session';
import { api } from '../../api/api';

// How the kit's screens talk to a ledger: its methods are named from its definition
// (`<key>.list`...), and who may call them is read from the contract derived from it, through the
// same `allows` the core enforces.

export type KitVerb = 'list' | 'get' | 'add' | 'amend' | 'void' | 'history' | 'getSettings' | 'updateSettings' | 'preview' | 'previewAmend';

const contracts = new WeakMap<LedgerDefinition, Record<string, MethodDef>>();

function contractOf(def: LedgerDefinition): Record<string, MethodDef> {
  let c = contracts.get(def);
  if (!c) contracts.set(def, (c = ledgerContract(def) as unknown as Record<string, MethodDef>));
  return c;
}

/** May this session call the ledger's method? */
export function mayCall(def: LedgerDefinition, verb: KitVerb, session: SessionInfo | null): boolean {
  const m = contractOf(def)[`${def.key}.${verb}`];
  return !!m && allows(m.access, session);
}

/** Call one of the ledger's methods (the answer typed by the caller, as the record type of its definition). */
export function ledgerApi<R>(def: LedgerDefinition, verb: KitVerb, input: unknown): Promise<ApiResult<R>> {
  return api(`${def.key}.${verb}` as MethodName, input as never) as Promise<ApiResult<R>>;
}

/**
 * A kit ledger's words: its labels are keys of its own catalog (a ledger registered by a test
 * brings its catalog at run time), so they are looked up as data; a key no catalog has shows as is.
 */
export function useKitText(def: LedgerDefinition) {
  const { t, i18n } = useTranslation();
  const text = useCallback((key: string, params?: Record<string, string | number>) => (i18n.exists(key) ? t(key as MessageKey, params as never) : key), [t, i18n]);
  return useMemo(
    () => ({
      text,
      title: text(`${def.i18n}.title`),
      lead: text(`${def.i18n}.lead`),
      label: (f: Pick<FieldDef, 'label'>) => text(f.label),
      enumValue: (field: string, value: string) => text(enumLabelKey(def, field, value)),
      /** A yes/no field's value in the ledger's own words where it has them (取得済 / 不足あり), else あり / なし. */
      boolValue: (field: string, value: boolean) => {
        const own = enumLabelKey(def, field, value ? 'yes' : 'no');
        return i18n.exists(own) ? text(own) : text(`ledgerKit.${value ? 'yes' : 'no'}`);
      },
      anomaly: (a: LedgerAnomaly) => text(anomalyKey(def, a.code), a.params),
    }),
    [text, def, i18n],
  );
}
