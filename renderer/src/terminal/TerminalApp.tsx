import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Power } from 'lucide-react';
import type { Input } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { TerminalIdentity, TerminalInfo, TerminalInsideEntry, TerminalReceipt } from '../../../shared/ledgers/serverRoomTerminal';
import type { Language, MessageKey } from '../../../shared/i18n';
import { currentLanguage, setLanguage } from '../i18n/i18n';
import { call } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { CARD_MIN, useAfter, useCardReader, useIdleReset } from './hooks';
import { IdleScreen } from './IdleScreen';
import { InsideList } from './InsideList';
import { Keypad } from './Keypad';
import { PersonScreen } from './PersonScreen';
import { DoneScreen, RefusedScreen } from './ResultScreen';
import { StopDialog } from './StopDialog';
import { TerminalStart } from './TerminalStart';
import './terminal.css';
import { StationName } from '../components/StationName';
import { StationBanner, useStationStatus } from '../components/StationBanner';

// SPEC §7 — the server-room door terminal: one full-window kiosk at #/terminal that shows only the
// server-room flow. It talks to the core with the plain client (`call`): the terminal session is
// not a desk session, and nothing of the desk (sign-in redirects, idle lock) applies here.

type Screen =
  | { kind: 'idle' }
  | { kind: 'keypad'; employeeNo?: string }
  | { kind: 'person'; who: TerminalIdentity; error: ApiError | null }
  | { kind: 'done'; receipt: TerminalReceipt }
  | { kind: 'refused'; error: ApiError; retry?: string };

const INSIDE_REFRESH_MS = 10_000;
const DONE_MS = 4_000;
const REFUSED_MS = 8_000;

/** The session stopped being a terminal session (stopped elsewhere, the host restarted). */
function sessionGone(e: ApiError): boolean {
  return e.code === 'not_signed_in' || (e.code === 'forbidden' && e.messageKey === 'errors.forbidden');
}

function Kiosk({ info, onStopped }: { info: TerminalInfo; onStopped: (noticeKey: MessageKey | null) => void }) {
  const { t, i18n } = useTranslation();
  const [screen, setScreen] = useState<Screen>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  // A companion's PIN on the keypad over the person's screen: no card reads meanwhile (PersonScreen).
  const [companionPin, setCompanionPin] = useState(false);
  const [inside, setInside] = useState<TerminalInsideEntry[] | null>(null);
  const [stopping, setStopping] = useState(false);
  const station = useStationStatus();
  const [screenId, setScreenId] = useState(0);
  const live = useRef(true);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const show = useCallback((s: Screen) => {
    setScreen(s);
    setScreenId((n) => n + 1);
  }, []);
  const toIdle = useCallback(() => show({ kind: 'idle' }), [show]);

  const loadInside = useCallback(async () => {
    const r = await call('terminal.inside', {});
    if (!live.current) return;
    if (r.ok) setInside(r.value);
    else if (sessionGone(r.error)) onStopped(null);
  }, [onStopped]);

  useEffect(() => {
    void loadInside();
    const timer = window.setInterval(() => void loadInside(), INSIDE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [loadInside]);

  // The door's language is the one it was started in: a person's switch to the other (at the idle screen before their
  // card, or during their turn) lasts their turn — back at the idle screen it is the door's again (a user probe: the
  // next employee was greeted in English).
  const lang = (i18n.resolvedLanguage ?? currentLanguage()) as Language;
  const doorLanguage = useRef(lang);
  const wasIdle = useRef(true);
  useEffect(() => {
    const idle = screen.kind === 'idle';
    if (idle && !wasIdle.current && lang !== doorLanguage.current) setLanguage(doorLanguage.current);
    wasIdle.current = idle;
  }, [screen.kind, lang]);

  // SPEC §7: back to the idle screen after 20 s without input, from any step.
  const stepping = screen.kind === 'keypad' || screen.kind === 'person';
  useIdleReset(stepping && !stopping, info.idleSeconds, toIdle, screenId);
  useAfter(screen.kind === 'done', DONE_MS, toIdle, screenId);
  useAfter(screen.kind === 'refused', REFUSED_MS, toIdle, screenId);

  const refuse = (error: ApiError) => {
    if (sessionGone(error)) return onStopped(null);
    show({ kind: 'refused', error });
  };

  const identify = async (input: Input<'terminal.identify'>) => {
    if (busy) return;
    setBusy(true);
    const r = await call('terminal.identify', input);
    setBusy(false);
    if (!live.current) return;
    if (r.ok) show({ kind: 'person', who: r.value, error: null });
    // A wrong PIN: OK goes back to the PIN with the employee number kept (a walk-through: back to the
    // start, the number typed again). The waits after wrong tries are the host's, whatever the screen.
    else if (r.error.messageKey === 'terminal.errors.bad_pin' && input.employeeNo) show({ kind: 'refused', error: r.error, retry: input.employeeNo });
    else refuse(r.error);
  };

  const enter = async (who: TerminalIdentity, input: Omit<Input<'terminal.enter'>, 'ticket'>) => {
    setBusy(true);
    const r = await call('terminal.enter', { ...input, ticket: who.ticket });
    setBusy(false);
    if (!live.current) return;
    if (r.ok) {
      show({ kind: 'done', receipt: r.value });
      void loadInside();
      return;
    }
    // A missing detail or a wrong companion (a wrong or locked companion PIN too) is said on the same
    // screen; the ticket is still good. A wait after too many guesses is said as at identify.
    const companion = r.error.field?.startsWith('companions.employees.') && r.error.code !== 'too_many_attempts';
    if ((r.error.code === 'invalid_input' || companion) && r.error.field && r.error.field !== 'ticket') setScreen({ kind: 'person', who, error: r.error });
    else refuse(r.error);
  };

  // The confirmation and refusal screens take the next card read as it comes (no wait, no tap): it
  // is checked from the idle screen ("確認しています…"), as a read there is. Enter goes back.
  const result = screen.kind === 'done' || screen.kind === 'refused';
  // After a wrong PIN, OK (or Enter) goes back to the PIN with the employee number kept.
  const retry = screen.kind === 'refused' ? screen.retry : undefined;
  const back = retry !== undefined ? () => show({ kind: 'keypad', employeeNo: retry }) : toIdle;
  useCardReader(
    result && !stopping,
    main,
    (cardNo) => {
      toIdle();
      void identify({ cardNo });
    },
    back,
    screenId,
  );

  // A card read on someone's person screen is the next person's: they are identified in their stead
  // (a walk-through: it was dropped, and the next person waited 20 s with nothing said). Enter
  // alone, or after fewer characters than a card has, stays the focused button's.
  useCardReader(
    screen.kind === 'person' && !companionPin && !stopping && !busy,
    main,
    (cardNo) => {
      toIdle();
      void identify({ cardNo });
    },
    null,
    screenId,
    CARD_MIN,
  );

  const exit = async (who: TerminalIdentity) => {
    setBusy(true);
    const r = await call('terminal.exit', { ticket: who.ticket });
    setBusy(false);
    if (!live.current) return;
    if (r.ok) {
      show({ kind: 'done', receipt: r.value });
      void loadInside();
    } else refuse(r.error);
  };

  return (
    <div className={`kiosk kiosk-on-${screen.kind}`} data-testid="terminal" data-screen={screen.kind}>
      <header className="kiosk-head">
        <div className="kiosk-site">
          <span className="kiosk-site-name" data-testid="terminal-site">
            {info.siteName}
          </span>
          <span className="kiosk-company">{info.companyName}</span>
        </div>
        <p className="kiosk-title">{t('terminal.title')}</p>
        <div className="kiosk-head-tools">
          <StationBanner status={station} />
          <LanguageSwitch />
        </div>
      </header>
      <main className="kiosk-main" ref={main}>
        {screen.kind === 'idle' && <IdleScreen onCard={(cardNo) => void identify({ cardNo })} onPin={() => show({ kind: 'keypad' })} capture={!stopping} busy={busy} />}
        {screen.kind === 'keypad' && <Keypad key={screenId} employeeNo={screen.employeeNo} onSubmit={(v) => void identify(v)} onCancel={toIdle} busy={busy} />}
        {screen.kind === 'person' && (
          <PersonScreen
            key={screen.who.ticket}
            info={info}
            who={screen.who}
            busy={busy}
            error={screen.error}
            onEnter={(input) => void enter(screen.who, input)}
            onExit={() => void exit(screen.who)}
            onCancel={toIdle}
            onPinStep={setCompanionPin}
          />
        )}
        {screen.kind === 'done' && <DoneScreen key={screenId} receipt={screen.receipt} onDone={toIdle} />}
        {screen.kind === 'refused' && (
          <RefusedScreen key={screenId} error={screen.error} onDone={back} />
        )}
      </main>
      <aside className="kiosk-side">
        <InsideList entries={inside} />
      </aside>
      <footer className="kiosk-foot">
        <span>{screen.kind !== 'idle' ? t('terminal.kiosk.idleHint', { seconds: info.idleSeconds }) : <StationName id={info.station} name={info.stationName ?? t('stations.kinds.doorAt', { site: info.siteName })} />}</span>
        {/* A door-terminal station of a ledger host is a terminal by its enrollment: there is nothing to stop here. */}
        {screen.kind === 'idle' && station?.mode !== 'station' && (
          <button type="button" className="kiosk-stop" onClick={() => setStopping(true)}>
            <Power aria-hidden="true" />
            {t('terminal.kiosk.stopButton')}
          </button>
        )}
      </footer>
      {stopping && (
        <StopDialog
          onClose={() => setStopping(false)}
          onStopped={() => {
            setStopping(false);
            onStopped('terminal.kiosk.stopped');
          }}
        />
      )}
    </div>
  );
}

/**
 * A door terminal whose enrollment was revoked: said once, large, and the records it still holds
 * (only when there are some). A screenshot review: the station banner under it said the same again
 * in small type, with 「送信できない記録が 0 件あります」, off to the left; and no way to English.
 */
function RevokedScreen() {
  const { t } = useTranslation();
  const waiting = useStationStatus()?.waiting ?? 0;
  return (
    <main className="kiosk-splash kiosk-revoked" data-testid="terminal-revoked">
      <div className="kiosk-head-tools kiosk-revoked-tools">
        <LanguageSwitch />
      </div>
      <p role="alert">{t('lan.errors.station_revoked')}</p>
      <p role="status" data-testid="terminal-revoked-waiting">
        {waiting > 0 ? t('lan.station.revokedWaiting', { count: waiting }) : ''}
      </p>
    </main>
  );
}

/** #/terminal: the kiosk when this window is a terminal session, else the screen that starts one. */
export function TerminalApp() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<TerminalInfo | null | 'loading'>('loading');
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [revoked, setRevoked] = useState(false);

  useEffect(() => {
    let live = true;
    void call('terminal.info', {}).then((r) => {
      if (!live) return;
      // A door terminal whose enrollment was revoked says so, not the screen that starts a terminal (a probe: the clerk's sign-in, a card typed into its ログインID).
      if (!r.ok && r.error.messageKey === 'lan.errors.station_revoked') return setRevoked(true);
      setInfo(r.ok ? r.value : null);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    document.title = `${t('terminal.title')} — ${t('common.appName')}`;
  }, [t]);

  const onStopped = useCallback((noticeKey: MessageKey | null) => {
    setNotice(noticeKey);
    setInfo(null);
  }, []);

  if (revoked) return <RevokedScreen />;
  if (info === 'loading') return <div className="kiosk-splash" aria-busy="true" />;
  if (!info)
    return (
      <TerminalStart
        notice={notice}
        onStarted={(i) => {
          setNotice(null);
          setInfo(i);
        }}
      />
    );
  return <Kiosk info={info} onStopped={onStopped} />;
}
