import { useLayoutEffect, useRef } from 'react';
import { isReadChar, SETTLE_MS } from './cardReads';
import { CARD_MIN, readOf } from './hooks';

// SPEC §7, the door terminal: a field with the focus (the purpose's note, a companion's number or
// name, the stop dialog's login ID) keeps what a person types, never a card read's keys. A keyboard-
// wedge reader types wherever the focus is: a card held to the reader while a field had it typed the
// card number into the field (a walk-through: the next person's card number in the purpose's note).
// Whether a key is a reader's is judged by its own time (cardReads.ts): a read's first character is
// no different from a person's, so the field takes it, and gives it back when the next comes as a
// reader's do; the rest never reach it. Keys of a run that turns out to be a person's after all (fast
// typing, no Enter after it as a reader always sends) are put back where they were typed.


type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const TEXT_INPUTS = new Set(['text', 'password', 'search', 'tel', 'email', 'url', 'number']);

/** A field that takes typed characters, other than the idle screen's card input (`data-card-reader`: it takes reads). */
function fieldOf(target: EventTarget | null): Field | null {
  const field = target instanceof HTMLInputElement ? (TEXT_INPUTS.has(target.type) ? target : null) : target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ? target : null;
  return field && field.dataset.cardReader === undefined ? field : null;
}

function selection(field: Field): [number, number] {
  if (field instanceof HTMLSelectElement) return [0, 0];
  try {
    return [field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length];
  } catch {
    return [field.value.length, field.value.length]; // a number input has no selection
  }
}

/** A field's value set as if typed: through the element's own setter, then its input event, so React's state follows. */
function setValue(field: Field, value: string, caret: number): void {
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLSelectElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  if (!(field instanceof HTMLSelectElement)) {
    try {
      field.setSelectionRange(caret, caret);
    } catch {
      // a number input has no selection
    }
  }
  field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

interface Run {
  field: Field;
  /** The field's value and selection before the run's first character. */
  before: string;
  start: number;
  end: number;
  text: string;
  /** The run's characters are in the field now. */
  inField: boolean;
  /** The run began in this field (a read carried or dropped here is no one's to put back). */
  own: boolean;
}

/**
 * While `active`, no field on the kiosk keeps a card read's keys. A read that ends (Enter) in a field
 * with a card's length is a card read: `takesCards` (the person screen's card reader takes it,
 * useCardReader), or else dropped with its Enter (no form is sent by it), and `onDropped` said.
 */
export function useFieldsKeepNoReads(active: boolean, takesCards: boolean, onDropped: () => void): void {
  const latest = useRef({ takesCards, onDropped });
  latest.current = { takesCards, onDropped };
  useLayoutEffect(() => {
    if (!active) return;
    let run: Run | null = null;
    let timer = 0;
    const takeBack = (r: Run) => {
      if (!r.inField) return;
      r.inField = false;
      if (r.field.isConnected) setValue(r.field, r.before, r.start);
    };
    const putBack = (r: Run) => {
      if (r.inField || !r.own || r.field instanceof HTMLSelectElement || !r.field.isConnected) return;
      r.inField = true;
      const max = r.field.maxLength > 0 ? r.field.maxLength : Infinity;
      const value = (r.before.slice(0, r.start) + r.text + r.before.slice(r.end)).slice(0, max);
      setValue(r.field, value, Math.min(r.start + r.text.length, value.length));
    };
    const settle = () => {
      window.clearTimeout(timer);
      if (run) putBack(run);
      run = null;
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const field = fieldOf(e.target);
      if (!field || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      const read = readOf(e);
      if (isReadChar(e.key)) {
        if (!read.inRead) {
          // A read's first character, or a person's: the field takes it (and gives it back if the next comes as a reader's).
          settle();
          const [start, end] = selection(field);
          run = { field, before: field.value, start, end, text: e.key, inField: true, own: true };
          return;
        }
        e.preventDefault();
        if (run && run.field === field && !read.carried) {
          takeBack(run);
          run.text = read.text;
        } else {
          const [start, end] = selection(field);
          run = { field, before: field.value, start, end, text: read.text, inField: false, own: false };
        }
        // Put back if no Enter comes (a person's fast keys), but kept: a reader's next key, handled late on a busy machine, takes them back again.
        window.clearTimeout(timer);
        timer = window.setTimeout(() => run && putBack(run), SETTLE_MS);
        return;
      }
      if (e.key === 'Enter' && read.inRead) {
        window.clearTimeout(timer);
        const r = run;
        run = null;
        if (read.text.trim().length >= CARD_MIN) {
          // A card read: none of it in the field, and its Enter sends no form.
          if (r) takeBack(r);
          if (!latest.current.takesCards) {
            e.preventDefault();
            latest.current.onDropped();
          }
        } else if (r) putBack(r);
        return;
      }
      // Any other key (Backspace, Tab, an Enter of its own): what came before it was a person's.
      settle();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.clearTimeout(timer);
    };
  }, [active]);
}
