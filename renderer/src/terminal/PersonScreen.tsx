import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, DoorClosed, DoorOpen, Plus, TriangleAlert, UserPlus, Users, X } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import type { Input } from '../../../shared/api/contract';
import type { TerminalIdentity, TerminalInfo } from '../../../shared/ledgers/serverRoomTerminal';
import { useDates } from '../hooks/useDates';
import { useMessage } from '../i18n/messages';
import { useServerRoomText } from '../server-room/text';
import { timeOf } from '../lib/japan-time';
import { useFocusHome } from './hooks';
import { Keypad } from './Keypad';
import { usePunct } from '../hooks/usePunct';
import { beforeToday } from '../../../shared/calendar';
import { visitorProblem, refusedVisitor, VisitorFields, type Visitor, type VisitorRefusal } from './VisitorFields';

type EnterInput = Input<'terminal.enter'>;
/** An employee named by number, with the PIN they typed on the keypad (sent with 入室, checked there, kept nowhere else). */
interface CompanionByNo {
  no: string;
  pin: string;
}

/** The companion a refusal of 入室 is about (its index in what was sent), or -1. */
function refusedCompanion(error: ApiError | null): number {
  const m = /^companions\.employees\.(\d+)(\.|$)/.exec(error?.field ?? '');
  return m ? Number(m[1]) : -1;
}

interface PersonScreenProps {
  info: TerminalInfo;
  who: TerminalIdentity;
  busy: boolean;
  /** A refusal that belongs on this screen (a missing detail, a wrong companion): the ticket is still good. */
  error: ApiError | null;
  onEnter: (input: Omit<EnterInput, 'ticket'>) => void;
  onExit: () => void;
  onCancel: () => void;
  /** The keypad is up for a companion's PIN: the kiosk takes no card read meanwhile (its digits and Enter are the PIN's). */
  onPinStep?: (on: boolean) => void;
}

/**
 * After identifying (SPEC §7). Inside: one big 退室. Not inside: the purposes (the last one
 * preselected) and one big 入室 — at most two taps; companions can be added before 入室.
 */
export function PersonScreen({ info, who, busy, error, onEnter, onExit, onCancel, onPinStep }: PersonScreenProps) {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const dates = useDates();
  const message = useMessage();
  const [purpose, setPurpose] = useState<string | null>(who.lastPurpose);
  const [note, setNote] = useState('');
  // Scrolled down (to the companions, in landscape): the greeting stays on top, on a band of its own.
  const [scrolled, setScrolled] = useState(false);
  const [showCompanions, setShowCompanions] = useState(false);
  const [employees, setEmployees] = useState<CompanionByNo[]>([]);
  // The employee number whose PIN the keypad asks for now (null: the screen itself).
  const [pinFor, setPinFor] = useState<string | null>(null);
  const pinStep = useRef(false);
  pinStep.current = pinFor !== null;
  const [visitors, setVisitors] = useState<Visitor[]>([]);
  const [employeeNo, setEmployeeNo] = useState('');
  const [visitor, setVisitor] = useState<Visitor>({ name: '', company: '', escort: '' });

  const chosen = info.purposes.find((p) => p.code === purpose);
  const stale = who.openStay?.stale;
  // Focus on the greeting, read out first — not on 入室 or 退室, which a second card read's Enter would press.
  const hello = useRef<HTMLHeadingElement>(null);
  const errorId = useId();
  useFocusHome(hello);
  // Escape closes the innermost thing first (a probe: pressed to close the companions' panel, or on
  // 来訪者・業者を追加, it threw away the identification and the visitor typed): the question asked
  // before something typed is thrown away (back to the input), then the companions' panel (focus
  // back on 同行者を追加); then, with something typed or added, it asks first, as a desk form does;
  // with nothing, it is やめる, as on the keypad. Not while a dialog is open.
  const [asking, setAsking] = useState(false);
  const companionsToggle = useRef<HTMLButtonElement>(null);
  /** Where focus was when the question came up: back there on going back to the input. */
  const beforeAsking = useRef<HTMLElement | null>(null);
  const dirty =
    note.trim() !== '' ||
    employees.length > 0 ||
    visitors.length > 0 ||
    employeeNo.trim() !== '' ||
    visitor.name.trim() !== '' ||
    visitor.company.trim() !== '' ||
    visitor.escort !== '';
  const askBeforeDiscarding = () => {
    beforeAsking.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAsking(true);
  };
  const escape = useRef<() => void>(() => {});
  escape.current = () => {
    if (asking) return setAsking(false);
    if (showCompanions) {
      closeCompanions();
      companionsToggle.current?.focus();
      return;
    }
    if (dirty) return askBeforeDiscarding();
    onCancel();
  };
  useEffect(() => {
    if (asking) return;
    const back = beforeAsking.current;
    beforeAsking.current = null;
    if (back && back.isConnected) back.focus();
  }, [asking]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The companion's PIN keypad takes its own Escape (back here).
      if (pinStep.current) return;
      // Not while the IME composes (Escape drops what it converts), nor in a field with text typed (a review).
      if (e.key !== 'Escape' || e.isComposing || e.keyCode === 229 || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const target = e.target as HTMLInputElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') && target.value !== '') return;
      e.preventDefault();
      escape.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // After adding a companion, on to the next one: its button is disabled once its fields are emptied,
  // and focus fell back to the greeting (a walk-through).
  const visitorName = useRef<HTMLInputElement>(null);
  // A refusal of the purpose's detail (「この目的では詳細を入力してください」) takes focus to that field, in view
  // (a probe at 1024×768: focus went to the greeting, the field half under the fixed header).
  const noteField = useRef<HTMLInputElement>(null);
  const noteRefused = error?.field === 'purposeNote';
  useEffect(() => {
    if (!noteRefused || !noteField.current) return;
    noteField.current.focus({ preventScroll: true });
    noteField.current.scrollIntoView({ block: 'center' });
  }, [error, noteRefused]);
  const companionNo = useRef<HTMLInputElement>(null);
  // A companion refused at 入室 (a wrong PIN, a number, one inside): taken off the list, the number back
  // in its field with the refusal beside it, the focus there — 追加 asks for the PIN again.
  const refusedAt = refusedCompanion(error);
  const [companionError, setCompanionError] = useState<ApiError | null>(null);
  const companionErrorId = useId();
  const sentEmployees = useRef<CompanionByNo[]>([]);
  useEffect(() => {
    if (!error || refusedAt < 0) return;
    const refused = sentEmployees.current[refusedAt];
    if (!refused) return;
    setEmployees((list) => list.filter((e) => e.no !== refused.no));
    setEmployeeNo(refused.no);
    setCompanionError(error);
    setShowCompanions(true);
  }, [error, refusedAt]);
  useEffect(() => {
    if (!companionError || !companionNo.current) return;
    companionNo.current.focus({ preventScroll: true });
    companionNo.current.scrollIntoView({ block: 'center' });
  }, [companionError]);
  // A visitor refused at 入室 (a company 「-」, an escort not among the companions): taken off the list,
  // back in the visitor's fields with the refusal under the control it is about, the focus there.
  const visitorAt = refusedVisitor(error);
  const [visitorRefusal, setVisitorRefusal] = useState<VisitorRefusal | null>(null);
  const sentVisitors = useRef<Visitor[]>([]);
  useEffect(() => {
    const at = refusedVisitor(error);
    if (!error || !at) return;
    const sent = sentVisitors.current;
    const refused = sent[at.index];
    if (!refused) return;
    setVisitors(sent.filter((_, i) => i !== at.index));
    setVisitor(refused);
    setVisitorRefusal({ field: at.field, messageKey: error.messageKey, params: error.params });
    setShowCompanions(true);
  }, [error]);
  // Back from the PIN keypad: on the companion's number field (the next one, or the number to correct).
  const [backFromPin, setBackFromPin] = useState(0);
  useEffect(() => {
    if (backFromPin > 0) companionNo.current?.focus({ preventScroll: true });
  }, [backFromPin]);
  useEffect(() => {
    onPinStep?.(pinFor !== null);
    return () => onPinStep?.(false);
  }, [pinFor, onPinStep]);
  // Opened, and after each companion added above it, the companions' panel is brought into view above
  // the fixed buttons (the focus stays where it is).
  const companionForm = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (showCompanions) companionForm.current?.scrollIntoView({ block: 'nearest' });
  }, [showCompanions, employees.length, visitors.length]);

  if (who.canExit) {
    const open = who.openStay!;
    return (
      <div className="kiosk-person" data-testid="terminal-exit-screen">
        <div className="kiosk-person-body">
          <h1 className="kiosk-hello" ref={hello} tabIndex={-1}>
            {t('terminal.kiosk.person.hello', { name: who.personName })}
          </h1>
          <p className="kiosk-lead">{t('terminal.kiosk.person.insideSince', { time: beforeToday(open.enteredAt) ? dates.dateTime(open.enteredAt) : timeOf(open.enteredAt), purpose: text.purpose(open.purpose, info.purposes.find((p) => p.code === open.purpose)?.label) })}</p>
          {stale && (
            <p className="kiosk-warning">
              <TriangleAlert aria-hidden="true" />
              {t('terminal.kiosk.person.staleWarning', { date: dates.date(open.enteredAt) })}
            </p>
          )}
          {/* Who went in with them goes out with them: said before, not after (a walk-through: the group's exit was recorded unsaid). */}
          {open.companions && open.companions.length > 0 && (
            <p className="kiosk-warning" data-testid="terminal-exit-companions">
              <Users aria-hidden="true" />
              {t('terminal.kiosk.person.exitWithCompanions', {
                names: open.companions.map((c) => (c.kind === 'visitor' ? t('terminal.kiosk.person.companionVisitor', { name: c.name }) : c.name)).join(t('common.listSeparator')),
              })}
            </p>
          )}
          <p className="kiosk-hint">{t('terminal.kiosk.person.pressExit')}</p>
        </div>
        <div className="kiosk-actions kiosk-actions-main">
          <button type="button" className="kiosk-btn kiosk-btn-ghost" onClick={onCancel}>
            <ArrowLeft aria-hidden="true" />
            {t('terminal.cancel')}
          </button>
          <button type="button" className="kiosk-btn kiosk-btn-exit kiosk-btn-big" onClick={onExit} disabled={busy} data-testid="terminal-exit">
            <DoorClosed aria-hidden="true" />
            {t('terminal.exit')}
          </button>
        </div>
      </div>
    );
  }

  // A companion by number types their own PIN on the keypad, then is added (a number alone is no companion: anyone could be named).
  const addEmployee = () => {
    const no = employeeNo.trim().toUpperCase();
    if (!no || employees.some((e) => e.no === no)) return;
    setCompanionError(null);
    setPinFor(no);
  };
  const pinTyped = (pin: string) => {
    setEmployees([...employees, { no: pinFor!, pin }]);
    setEmployeeNo('');
    setPinFor(null);
    setBackFromPin((n) => n + 1);
  };
  const pinCancelled = () => {
    setPinFor(null);
    setBackFromPin((n) => n + 1);
  };
  /** A visitor typed in whole becomes a companion (the escort kept for the next); false when not whole. */
  const takeTypedVisitor = () => {
    if (!visitor.name.trim() || !visitor.company.trim()) return false;
    // A stand-in for a name or company (「-」) is refused here, at its control, not after 入室.
    const problem = visitorProblem(visitor);
    if (problem) {
      setShowCompanions(true);
      setVisitorRefusal(problem);
      return false;
    }
    setVisitors([...visitors, { name: visitor.name.trim(), company: visitor.company.trim(), escort: visitor.escort }]);
    setVisitor({ name: '', company: '', escort: visitor.escort });
    return true;
  };
  const addVisitor = () => {
    setVisitorRefusal(null);
    if (takeTypedVisitor()) visitorName.current?.focus();
  };
  // Closing the panel adds a visitor typed in whole but not yet added: shown as one more companion, not
  // recorded unseen by 入室 (a review: the panel closed on a typed visitor hid who would be recorded).
  const closeCompanions = () => {
    // Kept open on a visitor typed in whole and refused as typed (a 「-」): the refusal is said at its control.
    if (visitor.name.trim() && visitor.company.trim() && !takeTypedVisitor()) return;
    setShowCompanions(false);
  };
  const enter = () => {
    if (!purpose) return;
    // A visitor typed in by half (or with a stand-in) is refused here, at what is missing (a probe: 入室 recorded the entry
    // without the visitor whose company was not typed, unsaid); nothing is sent.
    const problem = visitorProblem(visitor);
    if (problem) {
      setShowCompanions(true);
      setVisitorRefusal(problem);
      return;
    }
    // A visitor typed in but not yet added is meant to come in too.
    const pending = visitor.name.trim() && visitor.company.trim() ? [{ name: visitor.name.trim(), company: visitor.company.trim(), escort: visitor.escort }] : [];
    sentEmployees.current = employees;
    sentVisitors.current = [...visitors, ...pending];
    setCompanionError(null);
    setVisitorRefusal(null);
    onEnter({
      purpose,
      purposeNote: note.trim() || null,
      companions: {
        employees: employees.map((e) => ({ employeeNo: e.no, pin: e.pin })),
        // Art. 8(2): every visitor has an escort; the person entering unless another employee is named.
        visitors: sentVisitors.current.map((v) => ({ name: v.name, company: v.company, ...(v.escort ? { escortEmployeeNo: v.escort } : {}) })),
      },
    });
  };
  const companionCount = employees.length + visitors.length;
  // The refusal of a companion is said at the companion's number, of a visitor at its control; any other at the top.
  const shownError = refusedAt >= 0 || visitorAt ? null : error;

  if (pinFor !== null) return <Keypad companionNo={pinFor} onSubmit={({ pin }) => pinTyped(pin)} onCancel={pinCancelled} busy={busy} />;

  return (
    <div className="kiosk-person" data-testid="terminal-enter-screen">
      {/* While the question is asked, it is the only thing to answer: the screen waits, untouched. */}
      <div className={`kiosk-person-body${scrolled ? ' scrolled' : ''}`} onScroll={(e) => setScrolled(e.currentTarget.scrollTop > 0)} inert={asking}>
        <h1 className="kiosk-hello" ref={hello} tabIndex={-1}>
            {t('terminal.kiosk.person.hello', { name: who.personName })}
          </h1>
        <p className="kiosk-lead">{t('terminal.kiosk.person.choosePurpose')}</p>
        {shownError && (
          <p className="kiosk-inline-error" role="alert" data-testid="terminal-inline-error" id={errorId}>
            <TriangleAlert aria-hidden="true" />
            {message(shownError.messageKey, shownError.params)}
          </p>
        )}
        <div className="kiosk-purposes" role="radiogroup" aria-label={t('serverRoom.fields.purpose')}>
          {info.purposes.map((p, i) => (
            <button
              key={p.code}
              type="button"
              role="radio"
              aria-checked={purpose === p.code}
              // One Tab stop for the group, the arrows move and choose within it, as a radio group does (a probe: a Tab stop each, arrows did nothing).
              tabIndex={purpose === p.code || (!info.purposes.some((x) => x.code === purpose) && i === 0) ? 0 : -1}
              onKeyDown={(e) => {
                const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
                if (!step) return;
                e.preventDefault();
                const n = info.purposes.length;
                const next = (i + step + n) % n;
                setPurpose(info.purposes[next].code);
                (e.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[next])?.focus();
              }}
              className={`kiosk-purpose${purpose === p.code ? ' selected' : ''}`}
              onClick={() => setPurpose(p.code)}
            >
              <span>{text.purpose(p.code, p.label)}</span>
              {who.lastPurpose === p.code && <span className="kiosk-tag">{t('terminal.kiosk.person.lastPurpose')}</span>}
            </button>
          ))}
      </div>
      {chosen?.requiresNote && (
        <label className="kiosk-field">
          <span>{t('terminal.kiosk.person.note')}</span>
          <input
            ref={noteField}
            className="kiosk-input"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            placeholder={t('terminal.kiosk.person.notePlaceholder')}
            autoFocus
            aria-invalid={noteRefused || undefined}
            aria-describedby={noteRefused ? errorId : undefined}
          />
        </label>
      )}

      <div className="kiosk-companions">
        <button ref={companionsToggle} type="button" className="kiosk-btn kiosk-btn-ghost kiosk-btn-small" onClick={() => (showCompanions ? closeCompanions() : setShowCompanions(true))} aria-expanded={showCompanions}>
          <UserPlus aria-hidden="true" />
          {showCompanions ? t('terminal.kiosk.person.hideCompanions') : t('terminal.kiosk.person.addCompanions')}
          {companionCount > 0 && <span className="kiosk-inside-count">{companionCount}</span>}
        </button>
        {(employees.length > 0 || visitors.length > 0) && (
          <ul className="kiosk-chips" aria-label={t('terminal.kiosk.person.companions')}>
            {employees.map(({ no }) => (
              <li key={no} className="kiosk-chip" data-testid="terminal-employee-chip">
                {t('terminal.kiosk.person.employeeNo', { no })}
                <button type="button" onClick={() => setEmployees(employees.filter((x) => x.no !== no))} aria-label={`${t('terminal.kiosk.person.remove')}: ${no}`}>
                  <X aria-hidden="true" />
                </button>
              </li>
            ))}
            {visitors.map((v, i) => (
              <li key={`${v.name}-${i}`} className="kiosk-chip kiosk-chip-visitor" data-testid="terminal-visitor-chip">
                {p.note(v.name, v.company)}
                <button type="button" onClick={() => setVisitors(visitors.filter((_, k) => k !== i))} aria-label={`${t('terminal.kiosk.person.remove')}: ${v.name}`}>
                  <X aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        )}
        {showCompanions && (
          <div className="kiosk-companion-form" ref={companionForm}>
            <VisitorFields
              visitor={visitor}
              onChange={setVisitor}
              employees={employees.map((e) => e.no)}
              selfName={who.personName}
              refusal={visitorRefusal}
              nameRef={visitorName}
              onAdd={addVisitor}
            />
            <div className="kiosk-companion-row">
              <label className="kiosk-field">
                <span>{t('terminal.kiosk.person.companionEmployeeNo')}</span>
                <input
                  ref={companionNo}
                  className="kiosk-input"
                  value={employeeNo}
                  onChange={(e) => setEmployeeNo(e.target.value)}
                  maxLength={20}
                  autoCapitalize="characters"
                  aria-invalid={companionError ? true : undefined}
                  aria-describedby={companionError ? companionErrorId : undefined}
                />
              </label>
              <button type="button" className="kiosk-btn kiosk-btn-secondary kiosk-btn-small" onClick={addEmployee} disabled={!employeeNo.trim()}>
                <Plus aria-hidden="true" />
                {t('terminal.kiosk.person.addEmployee')}
              </button>
            </div>
            {companionError && (
              <p className="kiosk-inline-error" role="alert" data-testid="terminal-companion-error" id={companionErrorId}>
                <TriangleAlert aria-hidden="true" />
                {message(companionError.messageKey, companionError.params)}
              </p>
            )}
          </div>
        )}
      </div>
      </div>

      <div className="kiosk-actions kiosk-actions-main" inert={asking}>
        {/* With the purposes scrolled away (the companions open, in landscape): what 入室 records, said beside it (a user probe: the chosen purpose was under the name band). */}
        {(scrolled || showCompanions) && (
          <p className="kiosk-chosen" data-testid="terminal-chosen-purpose">
            {chosen ? t('terminal.kiosk.person.chosenPurpose', { purpose: text.purpose(chosen.code, chosen.label) }) : t('terminal.kiosk.person.noPurpose')}
          </p>
        )}
        {/* やめる asks as Escape does, with something typed or added (a probe: the button threw it away unasked). */}
        <button type="button" className="kiosk-btn kiosk-btn-ghost" onClick={() => (dirty ? askBeforeDiscarding() : onCancel())}>
          <ArrowLeft aria-hidden="true" />
          {t('terminal.cancel')}
        </button>
        <button type="button" className="kiosk-btn kiosk-btn-enter kiosk-btn-big" onClick={enter} disabled={!purpose || busy} data-testid="terminal-enter">
          <DoorOpen aria-hidden="true" />
          {t('terminal.enter')}
        </button>
      </div>
      {asking && <DiscardQuestion onKeep={() => setAsking(false)} onDiscard={onCancel} />}
    </div>
  );
}

/**
 * "What you typed is not recorded yet": asked on Escape before typed or added input is thrown away,
 * as a desk form asks (components/DiscardQuestion), in the kiosk's large buttons. Focus starts on
 * going back, so a second stray key (Enter, Escape) loses nothing.
 */
function DiscardQuestion({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="kiosk-discard">
      <div className="kiosk-discard-box" role="alertdialog" aria-modal="true" aria-labelledby={id} data-testid="terminal-discard-confirm">
        <p id={id} className="kiosk-discard-message">
          <TriangleAlert aria-hidden="true" />
          {t('terminal.kiosk.person.discard.message')}
        </p>
        <div className="kiosk-actions">
          <button ref={keep} type="button" className="kiosk-btn kiosk-btn-light" onClick={onKeep}>
            {t('common.discard.keep')}
          </button>
          <button type="button" className="kiosk-btn kiosk-btn-ghost" onClick={onDiscard}>
            <ArrowLeft aria-hidden="true" />
            {t('terminal.kiosk.person.discard.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
