import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Check, Delete, X } from 'lucide-react';
import { BusyStatus } from '../components/BusyStatus';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-'.split('');

interface KeypadProps {
  onSubmit: (v: { employeeNo: string; pin: string }) => void;
  onCancel: () => void;
  busy: boolean;
  /** Start on the PIN with this employee number (after a wrong PIN). */
  employeeNo?: string;
  /**
   * Only the PIN, of a companion named by this employee number (PersonScreen): typed by them, on the
   * same masked keys; its title says whose, やめる (or Escape) goes back to the person's screen.
   */
  companionNo?: string;
}

/**
 * Employee number, then PIN (4–8 digits, SPEC §7), on a touch keypad; a keyboard works too.
 * Employee numbers may hold letters (E1001): the 英字 key shows them.
 */
export function Keypad({ onSubmit, onCancel, busy, employeeNo: typed, companionNo }: KeypadProps) {
  const { t } = useTranslation();
  // After a wrong PIN, on the PIN again with the employee number as typed.
  const [step, setStep] = useState<'employeeNo' | 'pin'>(typed || companionNo ? 'pin' : 'employeeNo');
  const [employeeNo, setEmployeeNo] = useState(companionNo ?? typed ?? '');
  const [pin, setPin] = useState('');
  const [letters, setLetters] = useState(false);
  const value = step === 'employeeNo' ? employeeNo : pin;
  const max = step === 'employeeNo' ? 20 : 8;
  const ready = step === 'employeeNo' ? employeeNo.length > 0 : pin.length >= 4;

  const set = (v: string) => (step === 'employeeNo' ? setEmployeeNo(v) : setPin(v));
  const press = (k: string) => {
    if (value.length < max) set(value + k);
  };
  const back = () => set(value.slice(0, -1));
  const next = () => {
    if (!ready || busy) return;
    if (step === 'employeeNo') {
      setStep('pin');
      setLetters(false);
    } else onSubmit({ employeeNo, pin });
  };
  const cancel = () => {
    if (companionNo !== undefined) onCancel();
    else if (step === 'pin') {
      setStep('employeeNo');
      setPin('');
    } else onCancel();
  };

  // A physical keyboard: digits (letters for the employee number), Backspace, Enter, Escape. Listened
  // to from the moment the keypad is drawn to the moment it goes (a layout effect: a passive one's
  // listener outlives the keypad a moment — gone back to the idle screen by itself, it cancelled the
  // digits of a card read into the card input, and the read was identified without them).
  const keys = useRef({ press, back, next, cancel, step });
  keys.current = { press, back, next, cancel, step };
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const k = keys.current;
      if (/^[0-9]$/.test(e.key) || (k.step === 'employeeNo' && /^[a-zA-Z-]$/.test(e.key))) k.press(e.key.toUpperCase());
      else if (e.key === 'Backspace') k.back();
      else if (e.key === 'Enter') k.next();
      else if (e.key === 'Escape') k.cancel();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Each step's title takes the focus, so a screen reader says which is asked for now (a probe: on the PIN screen nothing had it).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);
  const title =
    companionNo !== undefined ? t('terminal.kiosk.keypad.companionPinTitle', { no: companionNo }) : step === 'employeeNo' ? t('terminal.kiosk.keypad.employeeNoTitle') : t('terminal.kiosk.keypad.pinTitle');
  // The same two keys, with the same words, wherever something is typed: the employee number, its letters, the PIN
  // (a user probe: one step said ⌫, the other クリア). Their names are their words.
  const clearKey = (
    <button type="button" className="kiosk-key kiosk-key-fn" onClick={() => set('')}>
      {t('terminal.kiosk.keypad.clear')}
    </button>
  );
  const backKey = (
    <button type="button" className="kiosk-key kiosk-key-fn kiosk-key-back" onClick={back}>
      <Delete aria-hidden="true" />
      <span>{t('terminal.kiosk.keypad.backspace')}</span>
    </button>
  );
  return (
    <div className="kiosk-keypad-screen" data-testid={companionNo !== undefined ? 'terminal-keypad-companion-pin' : `terminal-keypad-${step}`}>
      <h1 className="kiosk-step-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {/* Whose PIN, and what one without a PIN does instead (the door takes no number alone for a companion). */}
      {companionNo !== undefined && <p className="kiosk-keypad-lead">{t('terminal.kiosk.keypad.companionPinLead')}</p>}
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
          {clearKey}
          <button type="button" className="kiosk-key" onClick={() => press('0')}>
            0
          </button>
          {backKey}
        </div>
      )}
      {/* Under the keys, the way to the other keys (英字 / 数字) — and on the letters, the same クリア and 1文字消す as on the digits. */}
      {letters ? (
        <div className="kiosk-letters-foot kiosk-foot-3">
          <button type="button" className="kiosk-key kiosk-key-fn" onClick={() => setLetters(false)}>
            {t('terminal.kiosk.keypad.digits')}
          </button>
          {clearKey}
          {backKey}
        </div>
      ) : (
        step === 'employeeNo' && (
          <div className="kiosk-letters-foot kiosk-foot-1">
            <button type="button" className="kiosk-key kiosk-key-fn" onClick={() => setLetters(true)}>
              {t('terminal.kiosk.keypad.letters')}
            </button>
          </div>
        )
      )}
      {/* やめる on both steps goes back to the first screen; 戻る on the PIN goes back to the employee number (a user
          probe: the employee number's やめる and the PIN's 戻る stood in one place, and were taken for one). */}
      {/* The PIN is checked slowly (a key is derived): said while it is (a user probe: only OK dimmed). */}
      <BusyStatus busy={busy && step === 'pin'} text={t('terminal.kiosk.checking')} className="kiosk-busy" />
      <div className="kiosk-actions">
        <button type="button" className="kiosk-btn kiosk-btn-ghost" onClick={onCancel}>
          <X aria-hidden="true" />
          {t('terminal.cancel')}
        </button>
        {step === 'pin' && companionNo === undefined && (
          <button type="button" className="kiosk-btn kiosk-btn-ghost" onClick={cancel}>
            <ArrowLeft aria-hidden="true" />
            {t('terminal.kiosk.keypad.back')}
          </button>
        )}
        <button type="button" className="kiosk-btn kiosk-btn-primary" onClick={next} disabled={!ready || busy}>
          <Check aria-hidden="true" />
          {step === 'employeeNo' ? t('terminal.kiosk.keypad.next') : companionNo !== undefined ? t('terminal.kiosk.keypad.addCompanion') : t('terminal.kiosk.keypad.ok')}
        </button>
      </div>
    </div>
  );
}
