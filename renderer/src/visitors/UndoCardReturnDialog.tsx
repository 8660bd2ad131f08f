import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RotateCcw } from 'lucide-react';
import type { Visit } from '../../../shared/ledgers/visitors';
import { api } from '../api/api';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { flash } from '../state/flash';

/**
 * A card's return taken back (a return recorded by mistake), with the reason. The card must still be
 * in stock: one lent to another visitor since, or lost, is said so at once, before a reason is typed
 * (a user probe: the reason was typed, then refused). The core judges again inside the act.
 */
export function UndoCardReturnDialog({ visit, onClose, onDone }: { visit: Visit; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const card = visit.names.guestCardId ?? '';
  const [inStock, setInStock] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void api('guestCards.get', { id: visit.guestCardId! }).then((r) => {
      // Not read (a card voided since, a connection lost): asked as before; the core refuses with its reason.
      if (live) setInStock(r.ok ? r.value.state === 'in_stock' : true);
    });
    return () => {
      live = false;
    };
  }, [visit.guestCardId]);
  if (inStock === null) return null;
  if (!inStock) return <CannotUndo card={card} onClose={onClose} />;
  return (
    <ReasonDialog
      title={t('visitors.signOut.undoReturnTitle')}
      lead={t('visitors.signOut.undoReturnLead', { name: visit.name, card })}
      reasonLabel={t('visitors.signOut.undoReturnReason')}
      submitLabel={t('visitors.signOut.undoReturnSubmit')}
      icon={RotateCcw}
      testId="undo-card-return"
      submit={(reason) => api('visitors.undoCardReturn', { id: visit.id, reason })}
      onDone={() => {
        flash(t('visitors.signOut.undoReturnDone', { card }));
        onDone();
      }}
      onClose={onClose}
    />
  );
}

/** Why the return cannot be taken back: the card is out again (or lost), with 閉じる focused. */
function CannotUndo({ card, onClose }: { card: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('visitors.signOut.undoReturnTitle')} onClose={onClose} size="sm" testId="undo-card-return">
      <p role="alert" data-testid="undo-card-return-blocked">
        {t('visitors.signOut.undoReturnBlocked', { card })}
      </p>
      <div className="form-actions">
        {/* The dialog's content is drawn once it is open: autoFocus takes then (Modal). */}
        <button autoFocus type="button" className="btn btn-primary" onClick={onClose}>
          {t('common.actions.close')}
        </button>
      </div>
    </Modal>
  );
}
