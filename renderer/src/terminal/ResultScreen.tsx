import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleCheck, CircleX } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { isMessageKey } from '../../../shared/i18n';
import type { TerminalReceipt } from '../../../shared/ledgers/serverRoomTerminal';
import { useMessage } from '../i18n/messages';
import { timeOf } from '../lib/japan-time';
import { useFocusHome } from './hooks';
import { useServerRoomText } from '../server-room/text';

/**
 * Escape goes back as OK (or Enter) does: Escape is やめる everywhere else on the terminal (a probe:
 * a refusal ignored it, only OK or the wait dismissed it). Not a held key's repeats (they would go on
 * to cancel the keypad a wrong PIN goes back to), nor while the IME composes or a dialog is open.
 * Listened to from the moment the screen is drawn to the moment it goes (a layout effect, as the keypad).
 */
function useEscapeBack(onDone: () => void): void {
  const doneRef = useRef(onDone);
  doneRef.current = onDone;
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.repeat || e.isComposing || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      doneRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * "入室を記録しました 10:42": big, green, then back to the idle screen by itself. It has the focus
 * (Enter or Escape goes back); the next card read is taken by the kiosk (useCardReader).
 */
export function DoneScreen({ receipt, onDone }: { receipt: TerminalReceipt; onDone: () => void }) {
  const { t } = useTranslation();
  // Hours and minutes, as every list says a stay's length (a user probe: 「滞在1224分」 at the door, 「20時間24分」 in the book).
  const { duration } = useServerRoomText();
  const ref = useRef<HTMLButtonElement>(null);
  useFocusHome(ref);
  useEscapeBack(onDone);
  const entered = receipt.action === 'enter';
  return (
    <button ref={ref} type="button" className={`kiosk-result kiosk-result-ok${entered ? '' : ' kiosk-result-exit'}`} onClick={onDone} data-testid="terminal-done">
      <CircleCheck className="kiosk-result-icon" aria-hidden="true" />
      <span className="kiosk-result-title" role="status">
        {entered ? t('terminal.kiosk.result.entered') : t('terminal.kiosk.result.exited')}
        <span className="kiosk-result-time">{timeOf(receipt.at)}</span>
      </span>
      <span className="kiosk-result-name">{t('terminal.kiosk.person.hello', { name: receipt.personName })}</span>
      {!entered && receipt.minutes !== null && <span className="kiosk-result-sub">{t('terminal.kiosk.result.stay', { duration: duration(receipt.minutes) })}</span>}
      <span className="kiosk-result-back">{t('terminal.kiosk.result.back')}</span>
    </button>
  );
}

/**
 * The last part of a message key names the refusal: terminal.errors.unknown_card → unknown_card;
 * not every refusal has a next step of its own (`isMessageKey` says which do).
 */
function nextStepKey(error: ApiError): string {
  const code = error.messageKey.split('.').pop() ?? '';
  return `terminal.kiosk.next.${code}`;
}

/**
 * A refusal (unknown card, not authorized, PIN locked, wrong PIN…): what happened and what to do
 * next. OK has the focus (Enter or Escape goes back); the next card read is taken by the kiosk (useCardReader).
 */
export function RefusedScreen({ error, onDone }: { error: ApiError; onDone: () => void }) {
  const { t } = useTranslation();
  const ok = useRef<HTMLButtonElement>(null);
  useFocusHome(ok);
  useEscapeBack(onDone);
  const message = useMessage();
  const key = nextStepKey(error);
  const next = isMessageKey(key) ? t(key) : t('terminal.kiosk.next.default');
  // Who it is could not be established (card, PIN), or it is known and refused (authorization).
  const notIdentified = ['unknown_card', 'unknown_card_offline', 'bad_pin', 'pin_locked', 'pin_not_set', 'pin_format', 'ticket_expired'].some((c) => error.messageKey.endsWith(`.${c}`));
  return (
    <div className="kiosk-result kiosk-result-refused" role="alert" data-testid="terminal-refused" data-key={error.messageKey}>
      <CircleX className="kiosk-result-icon" aria-hidden="true" />
      <p className="kiosk-result-title">{notIdentified ? t('terminal.kiosk.result.notIdentified') : t('terminal.kiosk.result.refused')}</p>
      <p className="kiosk-result-message" data-testid="terminal-refused-message">
        {message(error.messageKey, error.params)}
      </p>
      <p className="kiosk-result-next">{next}</p>
      <button ref={ok} type="button" className="kiosk-btn kiosk-btn-light kiosk-btn-big" onClick={onDone} data-testid="terminal-refused-ok">
        {t('terminal.kiosk.result.ok')}
      </button>
    </div>
  );
}
