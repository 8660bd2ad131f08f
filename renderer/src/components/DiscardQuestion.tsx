import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "What you typed is not saved yet": asked before unsaved input is thrown away (a dialog's Escape or
 * ×, another site on a settings page). Focus starts on going back, so a second stray key loses nothing.
 */
export function DiscardQuestion({ onKeep, onDiscard, discardLabel }: { onKeep: () => void; onDiscard: () => void; discardLabel?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="modal-discard" role="alertdialog" aria-labelledby={id} data-testid="discard-confirm">
      <p id={id}>{t('common.discard.message')}</p>
      <div className="modal-discard-actions">
        <button type="button" className="btn btn-secondary" ref={keep} onClick={onKeep}>
          {t('common.discard.keep')}
        </button>
        <button type="button" className="btn btn-danger" onClick={onDiscard}>
          {discardLabel ?? t('common.discard.confirm')}
        </button>
      </div>
    </div>
  );
}
