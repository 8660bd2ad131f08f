import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';

interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** Escape and the close button close it (not for prompts that must be answered). */
  dismissable?: boolean;
  className?: string;
  testId?: string;
}

/**
 * A modal dialog on the native <dialog>: the page behind is inert, focus stays inside, and a
 * later dialog (the idle lock) stacks above an earlier one without unmounting it.
 */
export function Modal({ title, onClose, children, size = 'md', dismissable = true, className, testId }: ModalProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closing = useRef(false);

  useEffect(() => {
    const dialog = ref.current!;
    closing.current = false;
    if (!dialog.open) dialog.showModal();
    return () => {
      closing.current = true;
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal modal-${size}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissable) onClose();
      }}
      onClose={() => {
        // The browser may close a dialog on its own (repeated Escape): keep it while it is wanted.
        if (closing.current) return;
        if (dismissable) onClose();
        else ref.current?.showModal();
      }}
    >
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
        {dismissable && (
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.actions.close')}>
            <X size={18} aria-hidden="true" />
          </button>
        )}
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
