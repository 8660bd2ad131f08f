import { useId, type ReactNode } from 'react';
import { Controller, type Control, type FieldError, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import type { MessageKey } from '../../../shared/i18n';
import { FieldMessage } from '../components/FieldMessage';
import { PersonPicker, type PersonRef } from '../components/PersonPicker';
import type { StayFormValues } from './StayForm';

// A stay's companion rows (StayForm): each control with its own message beside it, tied to it
// (aria-describedby, aria-invalid) as a Field ties its own, and named with its row — 「来訪者・業者 2 の
// 会社名」, not 会社名 — so a refused save's summary (Modal) names that very control and focuses it (a user
// probe: the summary named a row's nearest control, and a company refused focused the name beside it).

/** A row's remove button (its name says which row). */
function RemoveButton({ row, onRemove, className }: { row: string; onRemove: () => void; className: string }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={className} onClick={onRemove} aria-label={`${t('serverRoom.ui.actions.remove')}: ${row}`}>
      <Trash2 size={16} aria-hidden="true" />
    </button>
  );
}

interface EmployeeRowProps {
  index: number;
  control: Control<StayFormValues>;
  /** The picker's error (the form's, or the core's refusal mapped to it). */
  error?: FieldError;
  at: string;
  onRemove: () => void;
}

/** An accompanying employee: one picker, named 「同行社員 N」, its message under it. */
export function EmployeeRow({ index, control, error, at, onRemove }: EmployeeRowProps) {
  const { t } = useTranslation();
  const errorId = `${useId()}-error`;
  const row = t('serverRoom.ui.record.employeeN', { n: index + 1 });
  return (
    <div className="sr-row" data-testid="stay-employee">
      <Controller
        control={control}
        name={`employees.${index}.person`}
        render={({ field }) => (
          <PersonPicker
            serverRoom
            at={at}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            // The form focuses a picker it adds, and one it finds wrong (a walk-through: added, the focus stayed on the button).
            inputRef={field.ref}
            control={{ 'aria-label': row, 'aria-invalid': !!error, 'aria-describedby': error?.message ? errorId : undefined }}
            className="sr-grow"
          />
        )}
      />
      <RemoveButton row={row} onRemove={onRemove} className="icon-button" />
      {error?.message && <FieldMessage id={errorId} message={error.message} />}
    </div>
  );
}

type VisitorField = 'name' | 'company' | 'escortPersonId';

interface VisitorRowProps {
  index: number;
  register: UseFormRegister<StayFormValues>;
  errors?: Partial<Record<VisitorField, FieldError>>;
  /** Who may escort: the person entering first, then the accompanying employees. */
  escorts: PersonRef[];
  onRemove: () => void;
}

/** The visible label of each control, and its name with its row (said, and named by the summary). */
const LABELS: Record<VisitorField, { shown: MessageKey; named: MessageKey }> = {
  name: { shown: 'serverRoom.fields.visitorName', named: 'serverRoom.ui.record.visitorNameN' },
  company: { shown: 'serverRoom.fields.visitorCompany', named: 'serverRoom.ui.record.visitorCompanyN' },
  escortPersonId: { shown: 'serverRoom.fields.escort', named: 'serverRoom.ui.record.visitorEscortN' },
};

/** A visitor or vendor: name, company and escort, each with its label and its own message. */
export function VisitorRow({ index, register, errors, escorts, onRemove }: VisitorRowProps) {
  const { t } = useTranslation();
  const base = useId();
  const n = index + 1;
  const cell = (key: VisitorField, control: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode) => {
    const id = `${base}-${key}`;
    const message = errors?.[key]?.message;
    return (
      <div className={`sr-visitor-field${message ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>
          {/* Seen: the short label over the column; said and summed up: with its row. */}
          <span aria-hidden="true">{t(LABELS[key].shown)}</span>
          <span className="visually-hidden">{t(LABELS[key].named, { n })}</span>
        </label>
        {control({ id, 'aria-invalid': !!message, 'aria-describedby': message ? `${id}-error` : undefined })}
        {message && <FieldMessage id={`${id}-error`} message={message} choice={key === 'escortPersonId'} />}
      </div>
    );
  };
  return (
    <div className="sr-visitor" data-testid="stay-visitor">
      {cell('name', (p) => <input {...p} {...register(`visitors.${index}.name`)} className="input" maxLength={60} autoComplete="off" />)}
      {cell('company', (p) => <input {...p} {...register(`visitors.${index}.company`)} className="input" maxLength={100} autoComplete="off" />)}
      {cell('escortPersonId', (p) => (
        <select {...p} {...register(`visitors.${index}.escortPersonId`)} className="input">
          {escorts.map((person, k) => (
            <option key={person.id} value={person.id}>
              {k === 0 ? t('serverRoom.ui.record.selfEscort', { name: person.name }) : person.name}
            </option>
          ))}
          <option value="">{t('serverRoom.ui.noEscort')}</option>
        </select>
      ))}
      <RemoveButton row={t('serverRoom.ui.record.visitorN', { n })} onRemove={onRemove} className="icon-button sr-visitor-remove" />
    </div>
  );
}
