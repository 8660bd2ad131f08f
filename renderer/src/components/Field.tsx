import { useId, type ReactNode } from 'react';
import { FieldMessage } from './FieldMessage';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

interface FieldProps {
  label: ReactNode;
  /** The form error message (a catalog key, possibly with parameters). */
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** The control is a choice (a select): "required" reads 選んでください, not 入力してください. */
  choice?: boolean;
  className?: string;
  /** Under the hint: controls that help fill the field (a checkout's 返却予定 quick choices). */
  after?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled form control with its hint and its error, wired for screen readers. */
export function Field({ label, error, hint, required, choice, className, after, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  // Something typed that the control cannot read (a date and time typed half, a year of six digits)
  // gives it no value, and the form says 入力してください: said as what it is (a walk-through).
  const control = error && typeof document !== 'undefined' ? (document.getElementById(id) as HTMLInputElement | null) : null;
  const unreadable = control?.validity?.badInput ? (control.type === 'date' || control.type === 'datetime-local' ? 'errors.field.incomplete_date' : 'errors.field.invalid') : undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field-label" htmlFor={id} id={`${id}-label`}>
        {label}
        {required && <span className="field-required" aria-hidden="true">*</span>}
      </label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy, 'aria-required': required || undefined })}
      {error && <FieldMessage id={errorId} message={error} choice={choice} unreadable={unreadable} />}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {after}
    </div>
  );
}
