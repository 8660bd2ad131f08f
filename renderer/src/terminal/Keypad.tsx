import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Check, Delete } from 'lucide-react';
import { isReadChar, SETTLE_MS } from './cardReads';
import { CARD_MIN, readOf, useReadScreen } from './hooks';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-'.split('');

interface KeypadProps {
  onSubmit: (v: { employeeNo: string; pin: string }) => void;
  /** A card read here (or under way as the keypad appeared: 社員番号とPIN tapped as the card was read), whole. */
  onCard: (cardNo: string) => void;
  onCancel: () => void;
  busy: boolean;
  /** Start on the PIN with this employee number (after a wrong PIN). */
  employeeNo?: string;
}

/**
 * Employee number, then PIN (4–8 digits, SPEC §7), on a touch keypad; a keyboard works too.
 * Employee numbers may hold letters (E1001): the 英字 key shows them.
 */
export function Keypad({ onSubmit, onCard, onCancel, busy, employeeNo: typed }: KeypadProps) {
  const { t } = useTranslation();
  // After a wrong PIN, on the PIN again with the employee number as typed.
  const [step, setStep] = useState<'employeeNo' | 'pin'>(typed ? 'pin' : 'employeeNo');
  const [employeeNo, setEmployeeNo] = useState(typed ?? '');
  const [pin, setPin] = useState('');
  const [letters, setLetters] = useState(false);
  const value = step === 'employeeNo' ? employeeNo : pin;
  const max = step === 'employeeNo' ? 20 : 8;
  const ready = step === 'employeeNo' ? employeeNo.length > 0 : pin.length >= 4;

  const set = (v: string) => (step === 'employeeNo' ? setEmployeeNo(v) : setPin(v));
  // Updates from the value as it is now, not as this render saw it: a run of keys put back at once.
  const update = (f: (v: string) => string) => (step === 'employeeNo' ? setEmployeeNo(f) : setPin(f));
  const press = (k: string) => update((v) => (v.length < max ? v + k : v));
  const back = () => update((v) => v.slice(0, -1));
  const next = () => {
    if (!ready || busy) return;
    if (step === 'employeeNo') {
      setStep('pin');
      setLetters(false);
    } else onSubmit({ employeeNo, pin });
  };
  const cancel = () => {
    if (step === 'pin') {
      setStep('employeeNo');
      setPin('');
    } else onCancel();
  };

  // A physical keyboard: digits (letters for the employee number), Backspace, Enter, Escape. Listened
  // to from the moment the keypad is drawn to the moment it goes (a layout effect: a passive one's
  // listener outlives the keypad a moment — gone back to the idle screen by itself, it cancelled the
  // digits of a card read into the card input, and the read was identified without them).
  //
  // A card reader's keys are never typed into the number or the PIN (cardReads.ts judges them by
  // their own time): a read under way as the keypad appeared (社員番号とPIN tapped as the card was
  // read: its tail was the employee number) is carried here whole, and a read is taken as a card
  // read (`onCard`). A read's first character is no different from a person's key: it is typed, and
  // taken back when the next comes as a reader's do; fast keys with no Enter after them (a person's)
  // are put back.
  const screen = useReadScreen(true);
  const canType = (k: string, s: 'employeeNo' | 'pin') => /^[0-9]$/.test(k) || (s === 'employeeNo' && /^[a-zA-Z-]$/.test(k));
  const keys = useRef({ press, back, next, cancel, step, value, max, onCard });
  keys.current = { press, back, next, cancel, step, value, max, onCard };
  useLayoutEffect(() => {
    /** The read under way on the keypad: its characters, and how many of them were typed into the field. */
    let run: { text: string; typed: number; own: boolean } | null = null;
    let timer = 0;
    const takeBack = () => {
      if (!run) return;
      for (; run.typed > 0; run.typed--) keys.current.back();
    };
    const putBack = () => {
      if (!run || !run.own || run.typed > 0) return;
      const k = keys.current;
      let room = k.max - k.value.length;
      for (const c of run.text) {
        if (!canType(c, k.step) || room <= 0) continue;
        k.press(c.toUpperCase());
        run.typed++;
        room--;
      }
    };
    const settle = () => {
      window.clearTimeout(timer);
      putBack();
      run = null;
    };
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const k = keys.current;
      const read = readOf(e);
      // The rest of a read not the keypad's (one being dropped where it went before): none of it typed, its Enter no OK.
      if (read.screen !== screen.current) {
        if (read.inRead && (e.key === 'Enter' || isReadChar(e.key))) e.preventDefault();
        return;
      }
      if (isReadChar(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (!read.inRead) {
          settle();
          const typed = canType(e.key, k.step) && k.value.length < k.max;
          if (typed) k.press(e.key.toUpperCase());
          run = { text: e.key, typed: typed ? 1 : 0, own: true };
        } else {
          if (!run || read.carried) run = { text: read.text, typed: 0, own: false };
          takeBack();
          run.text = read.text;
          window.clearTimeout(timer);
          timer = window.setTimeout(putBack, SETTLE_MS);
        }
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter' && read.inRead) {
        e.preventDefault();
        window.clearTimeout(timer);
        if (read.text.trim().length >= CARD_MIN) {
          takeBack();
          run = null;
          k.onCard(read.text.trim());
          return;
        }
        if (read.carried) {
          // Begun before the keypad, too short for a card: no one's to type here.
          run = null;
          return;
        }
        // A few keys typed fast, then Enter: a person's (a reader's read has a card's length). OK
        // once they are back in the field (its state, drawn anew).
        settle();
        window.setTimeout(() => keys.current.next(), 0);
        return;
      }
      settle();
      if (e.key === 'Backspace') k.back();
      else if (e.key === 'Enter') k.next();
      else if (e.key === 'Escape') k.cancel();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.clearTimeout(timer);
    };
  }, [screen]);

  // Each step's title takes the focus, so a screen reader says which is asked for now (a probe: on the PIN screen nothing had it).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);
  const title = step === 'employeeNo' ? t('terminal.kiosk.keypad.employeeNoTitle') : t('terminal.kiosk.keypad.pinTitle');
  return (
    <div className="kiosk-keypad-screen" data-testid={`terminal-keypad-${step}`}>
      <h1 className="kiosk-step-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <div className="kiosk-display" aria-live="polite" aria-label={step === 'employeeNo' ? t('terminal.employeeNo') : t('terminal.pin')} data-testid="terminal-keypad-display">
        {step === 'pin' ? '●'.repeat(pin.length) : employeeNo}
        <span className="kiosk-caret" aria-hidden="true" />
      </div>
      {letters ? (
        <div className="kiosk-letters" role="group" aria-label={t('terminal.kiosk.keypad.letters')}>
          {LETTERS.map((k) => (
            <button key={k} type="button" className="kiosk-key kiosk-key-letter" onClick={() => press(k)}>
              {k}
            </button>
          ))}
        </div>
      ) : (
        <div className="kiosk-keys" role="group" aria-label={title}>
          {DIGITS.map((k) => (
            <button key={k} type="button" className="kiosk-key" onClick={() => press(k)}>
              {k}
            </button>
          ))}
          {step === 'employeeNo' ? (
            <button type="button" className="kiosk-key kiosk-key-fn" onClick={() => setLetters(true)}>
              {t('terminal.kiosk.keypad.letters')}
            </button>
          ) : (
            <button type="button" className="kiosk-key kiosk-key-fn" onClick={() => set('')}>
              {t('terminal.kiosk.keypad.clear')}
            </button>
          )}
          <button type="button" className="kiosk-key" onClick={() => press('0')}>
            0
          </button>
          <button type="button" className="kiosk-key kiosk-key-fn" onClick={back} aria-label={t('terminal.kiosk.keypad.backspace')}>
            <Delete aria-hidden="true" />
          </button>
        </div>
      )}
      {letters && (
        <div className="kiosk-letters-foot">
          <button type="button" className="kiosk-key kiosk-key-fn" onClick={() => setLetters(false)}>
            {t('terminal.kiosk.keypad.digits')}
          </button>
          <button type="button" className="kiosk-key kiosk-key-fn" onClick={back} aria-label={t('terminal.kiosk.keypad.backspace')}>
            <Delete aria-hidden="true" />
          </button>
        </div>
      )}
      <div className="kiosk-actions">
        <button type="button" className="kiosk-btn kiosk-btn-ghost" onClick={cancel}>
          <ArrowLeft aria-hidden="true" />
          {step === 'pin' ? t('terminal.kiosk.keypad.back') : t('terminal.cancel')}
        </button>
        <button type="button" className="kiosk-btn kiosk-btn-primary" onClick={next} disabled={!ready || busy}>
          <Check aria-hidden="true" />
          {step === 'employeeNo' ? t('terminal.kiosk.keypad.next') : t('terminal.kiosk.keypad.ok')}
        </button>
      </div>
    </div>
  );
}
