import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The footer of every dialog form: 取消 on the left, the one submit button (its icon and label as children). */
export function DialogActions({ onClose, submitting, children, danger = false }: { onClose: () => void; submitting: boolean; children: ReactNode; danger?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="button" className="btn btn-ghost" onClick={onClose}>
        {t('common.actions.cancel')}
      </button>
      <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={submitting}>
        {children}
      </button>
    </div>
  );
}
