import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, TriangleAlert } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { isPlaceholder, textProblem } from '../../../shared/api/schemas';
import type { MessageKey } from '../../../shared/i18n';
import { useMessage } from '../i18n/messages';

export interface Visitor {
  name: string;
  company: string;
  /** Employee number of the escort; '' = the person entering. */
  escort: string;
}
export type VisitorField = 'name' | 'company' | 'escort';
/** A refusal of a visitor, said at one of the visitor's controls. */
export interface VisitorRefusal {
  field: VisitorField;
  messageKey: MessageKey;
  params?: ApiError['params'];
}

/**
 * The visitor a refusal of 入室 is about (its index in what was sent) and its control: the company or
 * escort refused at theirs, the visitor refused as a whole at the name; null when not a visitor's.
 */
export function refusedVisitor(error: ApiError | null): { index: number; field: VisitorField } | null {
  const m = /^companions\.visitors\.(\d+)(?:\.([A-Za-z]+))?(?:\.|$)/.exec(error?.field ?? '');
  if (!m) return null;
  return { index: Number(m[1]), field: m[2] === 'company' ? 'company' : m[2] === 'escortEmployeeNo' ? 'escort' : 'name' };
}

/**
 * What the terminal itself refuses of a visitor typed in, at its control: typed by half (a name, no
 * company, or the other way), or a name or company the core would refuse at 入室 (a stand-in such as
 * 「-」 or 「なし」, filledText; characters its text refuses) — said when the visitor is added.
 */
export function visitorProblem(v: Visitor): VisitorRefusal | null {
  const name = v.name.trim() !== '';
  const company = v.company.trim() !== '';
  if (name !== company)
    return name ? { field: 'company', messageKey: 'terminal.kiosk.person.visitorNeedsCompany' } : { field: 'name', messageKey: 'terminal.kiosk.person.visitorNeedsName' };
  for (const field of ['name', 'company'] as const) {
    const value = v[field].trim();
    if (!value) continue;
    // What the core's text refuses (a control character, a 外字 that prints as a box…), then a stand-in.
    const problem = textProblem(value) ?? (isPlaceholder(value) ? 'errors.field.placeholder' : null);
    if (problem) return { field, messageKey: problem };
  }
  return null;
}

interface VisitorFieldsProps {
  visitor: Visitor;
  onChange: (v: Visitor) => void;
  /** Employee numbers of the companions added (who may escort, besides the person entering). */
  employees: string[];
  selfName: string;
  refusal: VisitorRefusal | null;
  nameRef: RefObject<HTMLInputElement | null>;
  onAdd: () => void;
}

/**
 * The visitor's name, company and escort on the door terminal, each with its own label and, when
 * refused (by the terminal or by the core at 入室), its message under it, tied to it (aria-describedby,
 * aria-invalid) and the focus there — as the desk's stay dialog says a row's refusal (CompanionRows),
 * not at the top of the screen (a probe: a company 「-」 was refused up there, the visitor a chip).
 */
export function VisitorFields({ visitor, onChange, employees, selfName, refusal, nameRef, onAdd }: VisitorFieldsProps) {
  const { t } = useTranslation();
  const message = useMessage();
  const base = useId();
  const company = useRef<HTMLInputElement>(null);
  const escort = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!refusal) return;
    const el = { name: nameRef, company, escort }[refusal.field].current;
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'center' });
  }, [refusal, nameRef]);
  const whole = visitor.name.trim() !== '' && visitor.company.trim() !== '';
  // An escort refused may be one no longer among the companions (removed after being chosen): shown as sent.
  const escorts = visitor.escort && !employees.includes(visitor.escort) ? [...employees, visitor.escort] : employees;
  const cell = (field: VisitorField, label: MessageKey, control: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode) => {
    const id = `${base}-${field}`;
    const refused = refusal?.field === field ? refusal : null;
    return (
      <div className={`kiosk-field${refused ? ' kiosk-field-invalid' : ''}`}>
        <label htmlFor={id}>{t(label)}</label>
        {control({ id, ...(refused ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}) })}
        {refused && (
          <p className="kiosk-field-error" id={`${id}-error`} role="alert" data-testid="terminal-visitor-error">
            <TriangleAlert aria-hidden="true" />
            {message(refused.messageKey, refused.params)}
          </p>
        )}
      </div>
    );
  };
  return (
    <div className="kiosk-companion-row kiosk-visitor-row">
      {cell('name', 'terminal.kiosk.person.visitorName', (p) => (
        <input {...p} ref={nameRef} className="kiosk-input" value={visitor.name} onChange={(e) => onChange({ ...visitor, name: e.target.value })} maxLength={60} autoComplete="off" />
      ))}
      {cell('company', 'terminal.kiosk.person.visitorCompany', (p) => (
        <input {...p} ref={company} className="kiosk-input" value={visitor.company} onChange={(e) => onChange({ ...visitor, company: e.target.value })} maxLength={100} autoComplete="off" />
      ))}
      {cell('escort', 'terminal.kiosk.person.escort', (p) => (
        <select {...p} ref={escort} className="kiosk-input" value={visitor.escort} onChange={(e) => onChange({ ...visitor, escort: e.target.value })}>
          <option value="">{t('terminal.kiosk.person.self', { name: selfName })}</option>
          {escorts.map((no) => (
            <option key={no} value={no}>
              {t('terminal.kiosk.person.employeeNo', { no })}
            </option>
          ))}
        </select>
      ))}
      {/* Level with the controls: an empty line where they have their label. */}
      <div className="kiosk-field kiosk-field-button">
        <span aria-hidden="true">&nbsp;</span>
        <button type="button" className="kiosk-btn kiosk-btn-secondary kiosk-btn-small" onClick={onAdd} disabled={!whole}>
          <Plus aria-hidden="true" />
          {t('terminal.kiosk.person.addVisitor')}
        </button>
      </div>
    </div>
  );
}
