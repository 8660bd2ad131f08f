import { useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import type { Person } from '../../../shared/ledgers/people';
import { api } from '../api/api';
import type { ControlProps } from '../components/Field';
import { usePunct } from '../hooks/usePunct';
import { fromLocalInput } from '../lib/japan-time';
import { beforeToday } from '../../../shared/calendar';
import { ModalTyped } from './Modal';

/** A person as the forms keep it: enough to show the choice without asking again. */
export interface PersonRef {
  id: string;
  name: string;
  employeeNo: string;
}

export function personRef(p: Pick<Person, 'id' | 'name' | 'employeeNo'>): PersonRef {
  return { id: p.id, name: p.name, employeeNo: p.employeeNo };
}

interface PersonPickerProps {
  value: PersonRef | null;
  onChange: (p: PersonRef | null) => void;
  onBlur?: () => void;
  /** From <Field>: id and aria wiring. */
  control?: Partial<ControlProps> & { 'aria-label'?: string; 'aria-labelledby'?: string };
  /** 'all' includes people no longer active (for filters of old records). */
  active?: 'active' | 'all';
  placeholder?: string;
  testId?: string;
  autoFocus?: boolean;
  className?: string;
  /** The text box, for the form to focus (the first field with an error). */
  inputRef?: Ref<HTMLInputElement>;
  /** Mark those without server-room authorization (入室許可なし): only where it matters, the server-room book. */
  serverRoom?: boolean;
  /**
   * The time of the record being written (an ISO instant, or a datetime-local value): a record of an
   * earlier day also offers people no longer active, marked 無効 (a walk-through: a late paper entry of
   * July could not name someone who left in August; the core judges whether they were active then).
   */
  at?: string | null;
}

/** Does a record at `at` belong to a day before today (Japan)? Then who has left since may be named. */
function ofAnEarlierDay(at: string | null | undefined): boolean {
  if (!at) return false;
  const iso = fromLocalInput(at) ?? at;
  return !Number.isNaN(Date.parse(iso)) && beforeToday(iso);
}


/**
 * Choose a person from the register (people.list, searched in the store as you type): a combobox
 * whose text is the chosen person, or what is being searched.
 */
export function PersonPicker({ value, onChange, onBlur, control, active: activeProp = 'active', placeholder, testId, autoFocus, className, inputRef, serverRoom = false, at }: PersonPickerProps) {
  const active = activeProp === 'active' && ofAnEarlierDay(at) ? 'all' : activeProp;
  const { t } = useTranslation();
  const punct = usePunct();
  const display = (p: PersonRef) => (p.employeeNo ? punct.note(p.name, p.employeeNo) : p.name);
  const listId = useId();
  const [text, setText] = useState(value ? display(value) : '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Person[]>([]);
  // What the options on screen were searched for: Enter chooses from them only when that is what is typed now.
  const [optionsFor, setOptionsFor] = useState<string | null>(null);
  // Enter pressed while the list for what is typed was still on its way: chosen from it when it comes.
  const enterPending = useRef<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const wrapRef = useRef<HTMLDivElement>(null);
  // Typing over a chosen person clears the value; that must not also clear what is being typed.
  const clearedByTyping = useRef(false);
  const searching = open && (!value || text !== display(value));
  // A person typed but not chosen is input the form does not have: the dialog around counts it as
  // unsaved (Modal), so Escape asks before it is thrown away.
  const pending = text.trim() !== '' && (!value || text !== display(value));
  const noteTyped = useContext(ModalTyped);
  useEffect(() => {
    if (!noteTyped) return;
    noteTyped(listId, pending);
    return () => noteTyped(listId, false);
  }, [noteTyped, listId, pending]);

  // Show the chosen person when the value changes from outside (a reset, an amendment's start).
  useEffect(() => {
    if (clearedByTyping.current) {
      clearedByTyping.current = false;
      return;
    }
    setText(value ? display(value) : '');
  }, [value]);

  useEffect(() => {
    if (!searching) return;
    let live = true;
    setLoading(true);
    const timer = window.setTimeout(() => {
      void api('people.list', { page: 0, pageSize: 20, search: text.trim() || undefined, active, sort: 'kana', desc: false }).then((r) => {
        if (!live) return;
        setLoading(false);
        const rows = r.ok ? r.value.rows : [];
        setOptions(rows);
        setOptionsFor(text);
        setHighlight(0);
        if (enterPending.current === text && rows[0]) choose(rows[0]);
        enterPending.current = null;
      });
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [text, searching, active]);

  const choose = (p: Person) => {
    onChange(personRef(p));
    setText(display(personRef(p)));
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // A key that confirms or moves within an input method's conversion (Japanese) is the conversion's, not the list's.
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && open && searching && optionsFor !== text) {
      // The list on screen is for what was typed a moment ago (a probe: E100, then 2 and Enter at once, chose 木村 of E1003).
      e.preventDefault();
      enterPending.current = text;
      return;
    }
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      // The first arrow opens the list on its first person; the next ones move down it.
      if (open && searching) setHighlight((h) => Math.min(h + 1, Math.max(0, options.length - 1)));
      else {
        setOpen(true);
        setHighlight(0);
      }
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setHighlight((h) => Math.max(0, h - 1));
    } else if (e.key === 'Enter' && open && searching && options[highlight]) {
      e.preventDefault();
      choose(options[highlight]);
    } else if (e.key === 'Enter' && text.trim() !== '' && (!value || text !== display(value))) {
      // Typed, nobody chosen (none found): Enter stays in the field, which says so — it does not send
      // the form (a walk-through: every other field's error came up at once).
      e.preventDefault();
      setOpen(true);
    } else if (e.key === 'Tab' && !e.shiftKey && open && searching && optionsFor === text && text.trim() !== '' && options.length === 1) {
      // Typed down to one person: Tab takes them and goes on (a walk-through: the one match still needed ↓ and Enter).
      choose(options[0]);
    } else if (e.key === 'Escape' && open && searching) {
      // The list closes, what was typed stays (a user probe: Escape emptied it, and the dialog then had
      // nothing to ask about); a second Escape is the dialog's, which asks first while it is typed.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div
      className={`sr-picker${className ? ` ${className}` : ''}`}
      ref={wrapRef}
      onBlur={(e) => {
        if (wrapRef.current?.contains(e.relatedTarget as Node)) return;
        setOpen(false);
        if (value && text !== display(value)) setText(display(value));
        onBlur?.();
      }}
    >
      <input
        {...control}
        ref={inputRef}
        type="text"
        role="combobox"
        className="input"
        aria-autocomplete="list"
        aria-expanded={open && searching}
        aria-controls={listId}
        aria-activedescendant={open && searching && options[highlight] ? `${listId}-${highlight}` : undefined}
        placeholder={placeholder ?? t('serverRoom.ui.picker.placeholder')}
        value={text}
        autoComplete="off"
        autoFocus={autoFocus}
        data-testid={testId}
        // Opened by a click, typing or the down arrow — not by focus alone: a form that puts focus on
        // the field to show its error must not cover the error with the list.
        onClick={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          if (value) {
            clearedByTyping.current = true;
            onChange(null);
          }
        }}
        onKeyDown={onKeyDown}
        maxLength={60}
      />
      {value && (
        <button
          type="button"
          className="icon-button sr-picker-clear"
          // Not a Tab stop of its own (a walk-through: each chosen name added one to the form); from the
          // keyboard, typing over the name or deleting it clears the choice.
          tabIndex={-1}
          aria-label={t('serverRoom.ui.actions.clear')}
          title={t('serverRoom.ui.actions.clear')}
          onClick={() => {
            onChange(null);
            setText('');
            // The button goes with the value: focus to the field, to choose again (not to the page).
            wrapRef.current?.querySelector('input')?.focus();
          }}
        >
          <X size={14} aria-hidden="true" />
        </button>
      )}
      {open && searching && (
        <ul className="sr-picker-list" role="listbox" id={listId}>
          {loading && options.length === 0 && <li className="sr-picker-note">{t('serverRoom.ui.picker.searching')}</li>}
          {!loading && options.length === 0 && <li className="sr-picker-note">{t('serverRoom.ui.picker.noMatch')}</li>}
          {options.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === highlight}
              className={`sr-picker-option${i === highlight ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(p)}
              onMouseEnter={() => setHighlight(i)}
            >
              <span className="sr-picker-name">{p.name}</span>
              <span className="sr-picker-meta">
                {punct.list([p.employeeNo, p.siteName])}
              </span>
              {!p.active && <span className="badge badge-muted">{t('people.status.inactive')}</span>}
              {serverRoom && !p.serverRoomAuthorized && <span className="badge badge-warning">{t('serverRoom.ui.picker.notAuthorized')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
