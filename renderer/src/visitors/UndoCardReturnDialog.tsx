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
  // Why not, as the core would say it: lent to a visitor since (out now, or back again), or not in stock (lost).
  const [blocked, setBlocked] = useState<'visitors.errors.card_lent_since' | 'visitors.errors.card_not_in_stock' | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const id = visit.guestCardId!;
    void Promise.all([api('guestCards.get', { id }), api('guestCards.history', { id })]).then(([got, history]) => {
      if (!live) return;
      // Lent on a slip recorded since this return (the card's history holds its visits' acts).
      const lentSince = history.ok && history.value.some((h) => (h.action === 'visitors.add' || h.action === 'visitors.amend') && h.at > visit.cardReturnedAt! && h.after?.id !== visit.id);
      const state = got.ok ? got.value.state : 'in_stock'; // not read: asked as before; the core refuses with its reason
      setBlocked(lentSince || state === 'lent' ? 'visitors.errors.card_lent_since' : state !== 'in_stock' ? 'visitors.errors.card_not_in_stock' : null);
    });
    return () => {
      live = false;
    };
  }, [visit.guestCardId, visit.cardReturnedAt, visit.id]);
  if (blocked === undefined) return null;
  if (blocked) return <CannotUndo message={t(blocked, { card })} onClose={onClose} />;
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
function CannotUndo({ message, onClose }: { message: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('visitors.signOut.undoReturnTitle')} onClose={onClose} size="sm" testId="undo-card-return">
      <p role="alert" data-testid="undo-card-return-blocked">
        {message}
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
