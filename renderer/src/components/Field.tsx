import { useEffect, useId, useRef, useState, type ClipboardEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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

/** Limits from this many characters are of free text (a name, a note), not of a fixed form (a time, a code). */
const FREE_TEXT = 20;

/** A labelled form control with its hint and its error, wired for screen readers. */
export function Field({ label, error, hint, required, choice, className, after, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  // A text control at its maxLength says so, and what a paste lost to it (a walk-through: 600
  // characters pasted into 備考 kept 500, with nothing said).
  const [limit, setLimit] = useState<{ max: number; cut: number } | null>(null);
  const cut = useRef(0);
  const limited = (el: EventTarget) => ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.id === id && el.maxLength > 0 ? el : null);
  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    const el = limited(e.target);
    if (!el) return;
    const room = el.maxLength - (el.value.length - Math.abs((el.selectionEnd ?? 0) - (el.selectionStart ?? 0)));
    cut.current = Math.max(0, e.clipboardData.getData('text').length - room);
  };
  const onInput = (e: FormEvent<HTMLDivElement>) => {
    const el = limited(e.target);
    if (!el) return;
    // A short fixed form (08:00 of five) at its length is simply filled in: said only of free text, or of a paste cut.
    const full = el.value.length >= el.maxLength && (el.maxLength >= FREE_TEXT || cut.current > 0);
    setLimit(full ? { max: el.maxLength, cut: cut.current } : null);
    cut.current = 0;
  };
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const limitId = limit ? `${id}-limit` : undefined;
  const describedBy = [errorId, limitId, hintId].filter(Boolean).join(' ') || undefined;
  // A refused field focused to show its message has the message in view too, not under a dialog's
  // sticky buttons (a user probe: the access-log form's two lines under 対応 were half under them).
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!error) return;
    const frame = requestAnimationFrame(() => {
      const field = box.current;
      if (field && field.contains(document.activeElement)) field.querySelector('.field-error')?.scrollIntoView({ block: 'nearest' });
    });
    return () => cancelAnimationFrame(frame);
  }, [error]);
  // Something typed that the control cannot read (a date and time typed half, a year of six digits)
  // gives it no value, and the form says 入力してください: said as what it is (a walk-through).
  const control = error && typeof document !== 'undefined' ? (document.getElementById(id) as HTMLInputElement | null) : null;
  const unreadable = control?.validity?.badInput ? (control.type === 'date' || control.type === 'datetime-local' ? 'errors.field.incomplete_date' : 'errors.field.invalid') : undefined;
  return (
    <div ref={box} className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`} onPaste={onPaste} onInput={onInput}>
      <label className="field-label" htmlFor={id} id={`${id}-label`}>
        {label}
        {required && <span className="field-required" aria-hidden="true">*</span>}
      </label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy, 'aria-required': required || undefined })}
      {error && <FieldMessage id={errorId} message={error} choice={choice} unreadable={unreadable} />}
      <p className="field-hint field-limit" id={limitId} role="status" data-testid="field-limit">
        {limit && (limit.cut > 0 ? t('common.pasteCut', { max: limit.max, cut: limit.cut }) : t('common.atLimit', { max: limit.max }))}
      </p>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {after}
    </div>
  );
}
