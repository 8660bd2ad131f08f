import { useTranslation } from 'react-i18next';
import { LoaderCircle } from 'lucide-react';

/**
 * A slow check said while it runs (a password's, a PIN's: a key is derived, which takes seconds): in
 * sight beside its button and read out (role="status", a polite live region, always in the page so
 * that what comes into it is said). A user probe: after Enter only the button faded, with no word that
 * anything was happening. Empty when nothing runs.
 */
export function BusyStatus({ busy, text, className }: { busy: boolean; text?: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <p role="status" className={`busy-status${className ? ` ${className}` : ''}`} data-testid="busy-status">
      {busy && (
        <>
          <LoaderCircle size={16} className="busy-spin" aria-hidden="true" />
          {text ?? t('common.checking')}
        </>
      )}
    </p>
  );
}
