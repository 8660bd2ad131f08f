import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DoorOpen, LogOut } from 'lucide-react';
import { canCall } from '../auth/access';
import { DashPanel } from '../components/DashPanel';
import { useDates } from '../hooks/useDates';
import { usePolling } from '../hooks/usePolling';
import { usePunct } from '../hooks/usePunct';
import { minutesBetween } from '../lib/japan-time';
import { useApp } from '../state/app';
import { RecordExitDialog } from './RecordExitDialog';
import { useServerRoomText } from './text';

/**
 * The signed-in person's own stay on the dashboard while they are in the server room, with its exit
 * one key away (as the cabinet they opened is locked from there; a walk-through: only 自分の入退室 had it).
 */
export function MyStayPanel() {
  const { t } = useTranslation();
  const dates = useDates();
  const p = usePunct();
  const text = useServerRoomText();
  const session = useApp((s) => s.session);
  const [exiting, setExiting] = useState(false);
  const { value: mine, refresh } = usePolling('serverRoom.mine', {}, 60_000, canCall('serverRoom.mine', session));
  const stay = mine?.openStay;
  // The exit recorded here: said in the panel's place, focused once (a user probe: the panel went away
  // with the button that had the focus, and focus fell to the top of the page). Gone with the next
  // entry; an exit recorded elsewhere later is not said here, nor takes the focus (a review).
  const [leftId, setLeftId] = useState<string | null>(null);
  const focusNext = useRef(false);
  const done = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // Another stay (a later entry): the exit said here is over. The one just left, still shown until the poll answers, is not.
    if (stay) {
      if (stay.id !== leftId) setLeftId(null);
      return;
    }
    if (leftId && focusNext.current) {
      focusNext.current = false;
      done.current?.focus();
    }
  }, [leftId, stay]);
  if (!stay)
    return leftId ? (
      <DashPanel title={t('serverRoom.ui.mine.nav')} icon={DoorOpen} testId="my-stay-now" link={{ to: '/my/server-room', label: t('serverRoom.ui.mine.nav') }}>
        <p ref={done} tabIndex={-1} data-testid="my-stay-exited">
          {t('serverRoom.ui.mine.exitRecorded')}
        </p>
      </DashPanel>
    ) : null;
  return (
    <DashPanel title={t('serverRoom.ui.mine.dashTitle')} icon={DoorOpen} testId="my-stay-now" link={{ to: '/my/server-room', label: t('serverRoom.ui.mine.nav') }}>
      <p>{t('serverRoom.ui.mine.insideNow', { since: dates.dateTime(stay.enteredAt) })}</p>
      <p className="muted">{p.list([stay.siteName, text.purpose(stay.purpose, stay.purposeLabel), text.duration(minutesBetween(stay.enteredAt))])}</p>
      <button type="button" className="btn btn-primary" onClick={() => setExiting(true)}>
        <LogOut size={16} aria-hidden="true" />
        {t('serverRoom.ui.actions.recordExit')}
      </button>
      {exiting && (
        <RecordExitDialog
          stay={stay}
          onClose={() => setExiting(false)}
          onSaved={() => {
            setExiting(false);
            setLeftId(stay.id);
            focusNext.current = true;
            refresh();
          }}
        />
      )}
    </DashPanel>
  );
}
