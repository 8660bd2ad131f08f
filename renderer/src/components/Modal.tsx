import { createContext, useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { focusNearest, rowOfAction, stillThere } from '../lib/focus';
import { X } from 'lucide-react';
import { DiscardQuestion } from './DiscardQuestion';

interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** Escape and the close button close it (not for prompts that must be answered). */
  dismissable?: boolean;
  className?: string;
  testId?: string;
  /**
   * Something typed is not saved: Escape or the close button first ask whether to throw it away
   * (inside the dialog, focus on going back to the form), so a stray key loses nothing.
   */
  dirty?: boolean;
  /**
   * Start on the first field, not the first required one still empty: a correction (every value is
   * there; a select whose options are still coming reads as empty, and a user probe's correction of a
   * stay opened on 目的, below the fields before it).
   */
  startAtFirstField?: boolean;
  /** The visible summary of a refused save's fields (its count is said either way); off where one password is all there is (the lock screen). */
  errorSummary?: boolean;
}

/** The fields a dialog starts on when none asks for focus itself. */
const FIRST_FIELD = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';
/**
 * Before those, the first required one still empty (a return's 受領者, not its 返却日時 filled with now,
 * which took six Tabs to leave: a walk-through). Not a reason or a note (a correction starts on the
 * values it corrects, not on its reason below them).
 */
const FIRST_EMPTY = 'input[aria-required="true"]:not([type="radio"]):not([type="checkbox"]):not([disabled]), select[aria-required="true"]:not([disabled])';

/**
 * A modal dialog on the native <dialog>: the page behind is inert, focus stays inside, and a
 * later dialog (the idle lock) stacks above an earlier one without unmounting it. Its content is
 * mounted once the dialog is open, so a field's autoFocus takes (else the first field has focus,
 * not the close button), and when it goes, focus goes back to what opened it (the button a clerk
 * pressed to record the next entry), as WCAG 2.4.3 asks.
 */
/**
 * Within a dialog with unsaved input: ask before it goes (DialogActions' 取消 — a walk-through: Tab
 * reaches it just before the submit button, and it threw a filled form away without the question
 * Escape and × ask). Null when nothing would be lost.
 */
export const ModalDirty = createContext<(() => void) | null>(null);

/**
 * A control of the dialog tells it that it holds input the form does not have yet (a person typed in
 * a PersonPicker but not chosen): unsaved input too, so Escape, × and 取消 ask first (a user probe: a
 * name typed half-way was thrown away by Escape without the question). By the control's own id.
 */
export const ModalTyped = createContext<((id: string, typed: boolean) => void) | null>(null);

/** A field a refused save left to correct: its name, and the control that takes focus to correct it. */
interface Problem {
  label: string;
  control: HTMLElement | null;
}

/** A control's name as its label says it (not the required mark), else its own aria-label. */
function nameOf(control: HTMLElement | null, message: HTMLElement): string {
  const label = (control as HTMLInputElement | null)?.labels?.[0] ?? (control?.getAttribute('aria-labelledby') ? document.getElementById(control.getAttribute('aria-labelledby')!.split(' ')[0]) : null);
  if (label) {
    const copy = label.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((m) => m.remove());
    const text = copy.textContent?.trim();
    if (text) return text;
  }
  return control?.getAttribute('aria-label')?.trim() || message.textContent?.trim() || '';
}

const CONTROL = 'input:not([type="hidden"]), select, textarea';

/** The fields with a message (FieldMessage's .field-error), in the form's order, each with the control it describes. */
function problemsIn(body: Element): Problem[] {
  return [...body.querySelectorAll<HTMLElement>('.field-error')].map((message) => {
    // The control the message describes, else (a row's message, StayForm's companions) the one beside it.
    const described =
      (message.id ? body.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(message.id)}"]`) : null) ??
      message.parentElement?.querySelector<HTMLElement>(CONTROL) ??
      null;
    // A group (はい / いいえ) takes focus on its first choice.
    const control = described && !described.matches(CONTROL) ? described.querySelector<HTMLElement>(CONTROL) : described;
    return { label: nameOf(described, message), control };
  });
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => p.label === b[i].label && p.control === b[i].control);
}

/** The guard entries of dialogs with unsaved input, earliest first: Back asks only the one on top (a read: two stacked both asked). */
const guards: string[] = [];

export function Modal({ title, onClose, children, size = 'md', dismissable = true, className, testId, dirty = false, startAtFirstField = false, errorSummary = true }: ModalProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closing = useRef(false);
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  /** The opener's ancestors, nearest first: where focus goes when the opener itself is gone (a row's 退室 once the exit is saved). */
  const [openerPath] = useState(() => {
    const path: HTMLElement[] = [];
    for (let a = opener?.parentElement ?? null; a && a !== document.body; a = a.parentElement) path.push(a);
    return path;
  });
  const [shown, setShown] = useState(false);
  const [asking, setAsking] = useState(false);
  // The controls holding typed input the form does not have (ModalTyped): unsaved as the form's own is.
  const [typed, setTyped] = useState<ReadonlySet<string>>(() => new Set());
  const noteTyped = useCallback((id: string, on: boolean) => {
    setTyped((s) => {
      if (s.has(id) === on) return s;
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const unsaved = dirty || typed.size > 0;
  /** Where focus was when the question came up: back there on going back to the form. */
  const before = useRef<HTMLElement | null>(null);
  /** Escape or ×: closes, or — with unsaved input — asks first; Escape while asking goes back to the form. */
  const dismiss = () => {
    if (!dismissable) return;
    if (asking) return setAsking(false);
    if (unsaved) return ask();
    onClose();
  };
  const ask = useCallback(() => {
    before.current ??= document.activeElement as HTMLElement | null;
    setAsking(true);
  }, []);
  // Unsaved input is not lost to the browser either (a user probe, browser mode: Back, Forward or a
  // reload threw a filled form away without the question): a reload or closing the window asks the
  // browser's own question; Back asks this dialog's — a guard entry of the same address is put on top
  // of the history once there is something to lose, and leaving it brings the question up instead.
  const guarded = unsaved && dismissable;
  useEffect(() => {
    if (!guarded) return;
    const token = Math.random().toString(36).slice(2);
    const mine = () => (window.history.state as { daichoGuard?: string } | null)?.daichoGuard === token;
    const unload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const guard = () => window.history.pushState({ ...(window.history.state as object | null), daichoGuard: token }, '');
    const popped = () => {
      if (mine() || guards.at(-1) !== token) return;
      guard();
      ask();
    };
    guards.push(token);
    guard();
    window.addEventListener('beforeunload', unload);
    window.addEventListener('popstate', popped);
    return () => {
      window.removeEventListener('beforeunload', unload);
      window.removeEventListener('popstate', popped);
      guards.splice(guards.indexOf(token), 1);
      // Nothing left to lose: the guard entry goes — once whatever closed the dialog has done its own
      // navigation, and only if it is still the one on top (a Back queued at once could undo a form's
      // navigation to its record); under a navigation it stays, a Back that keeps to its page.
      window.setTimeout(() => {
        if (mine()) window.history.back();
      }, 0);
    };
  }, [guarded, ask]);
  useEffect(() => {
    if (!asking && before.current) {
      stillThere(before.current)?.focus();
      before.current = null;
    }
  }, [asking]);

  useEffect(() => {
    const dialog = ref.current!;
    closing.current = false;
    if (!dialog.open) dialog.showModal();
    setShown(true);
    return () => {
      closing.current = true;
      if (dialog.open) dialog.close();
      // Back to the opener — or, where its list drew itself again meanwhile, to the same button there.
      const back = opener && opener !== document.body ? stillThere(opener, openerPath) : null;
      back?.focus();
      if (back && document.activeElement === back) return;
      // The opener is gone (a row's 退室 once the stay is closed; the sign-in button behind the notices
      // shown at sign-in): the nearest control still there around where it was, else the page — never
      // nothing (a walk-through: focus was on BODY, and the next Tab started at the top).
      setTimeout(() => {
        if (document.activeElement && document.activeElement !== document.body) return;
        focusNearest(openerPath, document.getElementById('main'), true, rowOfAction(opener));
      }, 0);
    };
  }, [opener, openerPath]);

  // How many fields a refused save left to correct, said each time it grows: focus goes to the first
  // (applyApiError, react-hook-form), which says its own; the others were shown but never said (a
  // walk-through, WCAG 4.1.3), and a refusal of the field focus was already in moved nothing to say
  // anything (a user probe: Ctrl+Enter in a checkout's 返却予定). Shown too, above the form, each
  // field named, one key away from it (WCAG 3.3.1): in every dialog, whatever its form.
  const [errorsSaid, setErrorsSaid] = useState('');
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  useEffect(() => {
    if (!shown) return;
    const body = ref.current!.querySelector('.modal-body');
    if (!body) return;
    let last = 0;
    const count = () => {
      const found = problemsIn(body);
      setProblems((was) => (sameProblems(was, found) ? was : found));
      const n = found.length;
      if (n === last) return;
      setErrorsSaid(n > last ? t('common.errorCount', { count: n }) : n === 0 ? '' : (said) => said);
      last = n;
    };
    const watch = new MutationObserver(count);
    // Text too: a label or a message said again in the other language.
    watch.observe(body, { childList: true, subtree: true, characterData: true });
    return () => watch.disconnect();
  }, [shown, t]);

  useEffect(() => {
    if (!shown) return;
    const dialog = ref.current!;
    const body = dialog.querySelector('.modal-body');
    // A field that asked for focus (autoFocus) has it now; otherwise the first field, not the close button.
    if (body && !body.contains(document.activeElement))
      ((startAtFirstField ? undefined : [...body.querySelectorAll<HTMLInputElement | HTMLSelectElement>(FIRST_EMPTY)].find((f) => f.value === '')) ?? body.querySelector<HTMLElement>(FIRST_FIELD))?.focus();
  }, [shown, startAtFirstField]);

  return (
    <dialog
      ref={ref}
      className={`modal modal-${size}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        dismiss();
      }}
      // Ctrl+Enter saves the form it is typed in, from any field (Enter in a text area is a new line), as on the
      // review screen (a user probe: it did nothing in the record and correction dialogs).
      onKeyDown={(e) => {
        // Not where a field kept Enter for itself (a person typed but not chosen: PersonPicker), nor a form of another dialog.
        if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.nativeEvent.isComposing || e.defaultPrevented || asking) return;
        const form = (e.target as HTMLElement).closest?.('form');
        if (!form || form.closest('dialog') !== ref.current) return;
        const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
        if (!submit || submit.disabled) return;
        e.preventDefault();
        form.requestSubmit(submit);
      }}
      onClose={() => {
        // The browser may close a dialog on its own (repeated Escape): keep it while it is wanted.
        if (closing.current) return;
        if (dismissable && !unsaved) onClose();
        else {
          if (dismissable) ask();
          ref.current?.showModal();
        }
      }}
    >
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
        {dismissable && !asking && (
          <button type="button" className="icon-button" onClick={dismiss} aria-label={t('common.actions.close')}>
            <X size={18} aria-hidden="true" />
          </button>
        )}
      </header>
      {asking && <DiscardQuestion onKeep={() => setAsking(false)} onDiscard={onClose} />}
      <p className="visually-hidden" aria-live="polite" data-testid="dialog-error-count">
        {errorsSaid}
      </p>
      {errorSummary && problems.length > 0 && (
        <div className="dialog-error-summary" role="group" aria-labelledby={`${titleId}-errors`} data-testid="dialog-error-summary" inert={asking}>
          <p id={`${titleId}-errors`}>{t('common.errorCount', { count: problems.length })}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <button type="button" className="btn-link" onClick={() => p.control?.focus()} disabled={!p.control}>
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* While the question is asked, it is the only thing to answer: the form waits, untouched. */}
      <div className="modal-body" inert={asking}>
        <ModalTyped.Provider value={noteTyped}>
          <ModalDirty.Provider value={unsaved && dismissable ? ask : null}>{shown && children}</ModalDirty.Provider>
        </ModalTyped.Provider>
      </div>
    </dialog>
  );
}
