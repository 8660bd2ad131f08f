import { useContext, useEffect, useRef, type ReactNode } from 'react';
import { ModalDirty } from './Modal';
import { useTranslation } from 'react-i18next';
import { BusyStatus } from './BusyStatus';

/**
 * The footer of every dialog form: 取消 on the left, the one submit button (its icon and label as children).
 *
 * WCAG 2.4.3 / 3.3.1: the button is disabled while the form is sent (no second submit), which takes
 * focus from it. When sending ends and the dialog is still there — refused, by the form's own checks
 * or by the core — focus goes to the first field in error, so that its message is read out; else back
 * to the button (a walk-through: focus fell to the page behind the dialog, and nothing was announced).
 */
export function DialogActions({
  onClose,
  submitting,
  children,
  danger = false,
  note,
  checking = false,
}: {
  onClose: () => void;
  submitting: boolean;
  children: ReactNode;
  danger?: boolean;
  /** Said on its own line above the buttons, where it stays in sight however far the form is scrolled (what a stay as typed would be marked with). */
  note?: ReactNode;
  /** What is sent is checked slowly (a password: an e-signature): 確認しています… beside the button while it is (BusyStatus). */
  checking?: boolean;
}) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  const sending = useRef(false);
  // With unsaved input, 取消 asks first, as Escape and × do.
  const askFirst = useContext(ModalDirty);
  useEffect(() => {
    const ended = sending.current && !submitting;
    sending.current = submitting;
    if (!ended) return;
    const timer = window.setTimeout(() => {
      const b = button.current;
      if (!b?.isConnected) return;
      const active = document.activeElement;
      const invalid = b.form?.querySelector<HTMLElement>('[aria-invalid="true"]');
      // Focus already on a field in error stays; on a field without one (Enter pressed in 用件 while the
      // card and escort above it were refused — a walk-through), it goes to the first in error.
      if (active && active !== document.body && active !== b && (active.getAttribute('aria-invalid') === 'true' || !invalid || !b.form?.contains(active))) return;
      (invalid ?? b).focus();
    }, 0);
    return () => window.clearTimeout(timer);
  }, [submitting]);
  return (
    <div className="form-actions">
      {note && <div className="form-actions-note">{note}</div>}
      {checking && <BusyStatus busy={submitting} className="form-actions-busy" />}
      <button type="button" className="btn btn-ghost" onClick={askFirst ?? onClose}>
        {t('common.actions.cancel')}
      </button>
      <button ref={button} type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={submitting} aria-keyshortcuts="Control+Enter">
        {children}
      </button>
    </div>
  );
}
