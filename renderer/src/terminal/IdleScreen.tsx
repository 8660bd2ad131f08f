import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IdCard, KeyRound } from 'lucide-react';
import { useDates } from '../hooks/useDates';
import { timeOf } from '../lib/japan-time';
import { isReadChar } from './cardReads';
import { readOf, useNow, useOwnKeys } from './hooks';

interface IdleScreenProps {
  /** The card reader typed a number and Enter. */
  onCard: (cardNo: string) => void;
  onPin: () => void;
  /** Keep the reader's input focused (false while a dialog is open). */
  capture: boolean;
  busy: boolean;
}

/**
 * The idle screen: a big clock, "カードをかざしてください", and a hidden input that always has the
 * focus, so a keyboard-wedge card reader (it types the card number, then Enter) is caught.
 */
export function IdleScreen({ onCard, onPin, capture, busy }: IdleScreenProps) {
  const { t } = useTranslation();
  const dates = useDates();
  const now = useNow();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const captureRef = useRef(capture);
  captureRef.current = capture;
  // A read under way as this screen appeared (a card read as the confirmation or the refusal went
  // back by itself, as やめる was tapped: its first characters went to that screen) is carried here
  // whole and identified at its Enter with its first characters (cardReads.ts), never by its tail
  // alone — and not dropped: the card was held to the reader, and a read lost says nothing.
  const ownKey = useOwnKeys(true);

  useEffect(() => {
    if (capture) inputRef.current?.focus({ preventScroll: true });
  }, [capture]);

  const refocus = () => {
    window.setTimeout(() => {
      if (captureRef.current && !document.querySelector('dialog[open]')) inputRef.current?.focus({ preventScroll: true });
    }, 0);
  };

  // The keyboard may leave the reader's input for a control (Tab to 社員番号とPIN, the language,
  // 端末を終了: a walk-through found them out of the keyboard's reach); what a reader types then, a
  // card number's first character, takes the focus back to the input, which gets the rest. Listened
  // to from the moment this screen is drawn to the moment it goes (a layout effect: a passive one's
  // listener outlives the screen a moment, and would drop the first character of a read on the next one).
  useLayoutEffect(() => {
    if (!capture) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      // The rest of a read not this screen's (below) neither takes the focus back nor presses the control the keyboard took it to.
      if (!ownKey(e) && !document.querySelector('dialog[open]')) {
        if (e.key === 'Enter' || isReadChar(e.key)) e.preventDefault();
        return;
      }
      if (!isReadChar(e.key) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.activeElement === inputRef.current || document.querySelector('dialog[open]')) return;
      inputRef.current?.focus({ preventScroll: true });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [capture, ownKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!ownKey(e.nativeEvent)) {
      if (e.key === 'Enter' || isReadChar(e.key)) e.preventDefault();
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    // A read carried here has its first characters in the read, not in the input.
    const read = readOf(e.nativeEvent);
    const cardNo = (read.carried ? read.text : value).trim();
    setValue('');
    if (cardNo && !busy) onCard(cardNo);
  };

  return (
    <div className="kiosk-idle" data-testid="terminal-idle" onPointerUp={refocus}>
      <div className="kiosk-clock" aria-live="off">
        <p className="kiosk-date">{dates.date(now, true)}</p>
        <p className="kiosk-time" data-testid="terminal-clock">
          {timeOf(now)}
        </p>
      </div>
      <div className="kiosk-prompt">
        <IdCard className="kiosk-prompt-icon" aria-hidden="true" />
        <p className="kiosk-prompt-text">{busy ? t('terminal.kiosk.checking') : t('terminal.kiosk.cardPrompt')}</p>
      </div>
      <input
        ref={inputRef}
        className="kiosk-card-input"
        aria-label={t('terminal.kiosk.cardInput')}
        data-testid="terminal-card-input"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        // Back to the input when the focus went nowhere (a tap on the screen); not when the keyboard took it to a control.
        onBlur={(e) => {
          if (!(e.relatedTarget instanceof HTMLElement)) refocus();
        }}
        inputMode="none"
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={64}
        autoFocus
      />
      <div className="kiosk-alt">
        <p className="kiosk-or">{t('terminal.kiosk.orPin')}</p>
        <button type="button" className="kiosk-btn kiosk-btn-secondary" onClick={onPin} disabled={busy}>
          <KeyRound aria-hidden="true" />
          {t('terminal.kiosk.pinButton')}
        </button>
      </div>
    </div>
  );
}
