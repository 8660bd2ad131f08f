import { useEffect, useRef, useState, type RefObject } from 'react';
import { Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ChevronDown, Hash, KeyRound, Lock, LogOut, X } from 'lucide-react';
import { ElevateDialog } from '../auth/ElevateDialog';
import { RequireElevation } from '../auth/RequireElevation';
import { lockScreen, signOut } from '../auth/session-actions';
import { refreshSession } from '../api/api';
import { StationBanner } from '../components/StationBanner';
import { PageErrorBoundary } from '../components/PageErrorBoundary';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { clearFlash, clearFlashOnLeaving, useFlash } from '../state/flash';
import { useApp } from '../state/app';
import type { MessageKey } from '../../../shared/i18n';
import { allPages, NAV_GROUPS, type Page } from './pages';
import { pageAllowed } from '../auth/access';
import { useFocusKeeper } from '../hooks/useFocusKeeper';
import { useReturnFocus } from '../hooks/useReturnFocus';
import { usePunct } from '../hooks/usePunct';

function UserMenu() {
  const { t } = useTranslation();
  const p = usePunct();
  const session = useApp((s) => s.session)!;
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={ref}>
      {/* A disclosure (a button showing a list of links), named by what it shows (a walk-through: its name ユーザーメニュー
          did not contain the visible name, and menu roles promised arrow keys it did not have). */}
      <button type="button" className="user-button" aria-expanded={open} aria-controls="user-menu-list" onClick={() => setOpen((o) => !o)}>
        <span className="user-name" data-testid="user-name">
          {session.displayName}
        </span>
        <span className="user-roles">{p.list(session.roles.map((r) => t(`common.roles.${r}`)))}</span>
        <span className="visually-hidden">{t('shell.user.menu')}</span>
        <ChevronDown size={14} aria-hidden="true" />
      </button>
      {open && (
        <div className="menu" id="user-menu-list">
          <a href="#/account/password" className="menu-item" onClick={() => setOpen(false)}>
            <KeyRound size={16} aria-hidden="true" />
            {t('shell.user.changePassword')}
          </a>
          <a href="#/account/pin" className="menu-item" onClick={() => setOpen(false)}>
            <Hash size={16} aria-hidden="true" />
            {t('serverRoom.ui.pin.menu')}
          </a>
          <button
            type="button"
            className="menu-item"
            onClick={() => {
              setOpen(false);
              void lockScreen();
            }}
          >
            <Lock size={16} aria-hidden="true" />
            {t('auth.lock.lockNow')}
          </button>
        </div>
      )}
    </div>
  );
}

function Flash() {
  const { message, id } = useFlash();
  const { t } = useTranslation();
  useEffect(() => {
    if (!message) return;
    const timer = window.setTimeout(clearFlash, 6000);
    return () => window.clearTimeout(timer);
  }, [message, id]);
  if (!message) return null;
  return (
    <div className="flash" role="status" data-testid="flash">
      <span>{message}</span>
      <button type="button" className="icon-button" onClick={clearFlash} aria-label={t('common.actions.close')}>
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
}

/** A page that is not there for this person: a heading, why, and the way back (a walk-through: one sentence, no heading, no link). */
function NoPage({ lead }: { lead: string }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="no-page">
      <header className="page-header">
        <h1>{t('shell.noPage.title')}</h1>
        <p className="page-lead">{lead}</p>
      </header>
      <p>
        <Link to="/">{t('shell.noPage.back')}</Link>
      </p>
    </div>
  );
}

function PageRoute({ page }: { page: Page }) {
  const { t } = useTranslation();
  const session = useApp((s) => s.session);
  if (!pageAllowed(page, session)) return <NoPage lead={t('shell.forbidden')} />;
  const content = <page.Component />;
  return page.elevated ? <RequireElevation>{content}</RequireElevation> : content;
}

/**
 * Each page's title in the window and its tab (WCAG 2.4.2): the page's heading, then the app's name
 * (a walk-through: every page was 「台帳」). Kept as the heading changes (data loaded, language).
 */
function usePageTitle(main: RefObject<HTMLElement | null>, appName: string) {
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    const apply = () => {
      const heading = el.querySelector('h1')?.textContent?.trim();
      const title = heading ? `${heading} — ${appName}` : appName;
      if (document.title !== title) document.title = title;
    };
    apply();
    // Once more after the app's own effect, which names the window for the sign-in screens.
    const later = setTimeout(apply, 0);
    const watch = new MutationObserver(apply);
    watch.observe(el, { subtree: true, childList: true, characterData: true });
    return () => {
      clearTimeout(later);
      watch.disconnect();
    };
  }, [main, appName]);
}

/** The signed-in frame: header, navigation built from the page registry, and the page. */
export function AppShell() {
  const { t, i18n } = useTranslation();
  const session = useApp((s) => s.session);
  const companyName = useApp((s) => s.companyName);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  useFocusKeeper(mainRef);
  usePageTitle(mainRef, t('common.appName'));

  // Move focus to the new page for keyboard and screen-reader users — unless the new page put it on
  // a field of its own (the password the admin screens ask for first: a walk-through found focus on
  // the page instead, one Tab away).
  useEffect(() => {
    const main = mainRef.current;
    const at = document.activeElement;
    if (main && at && at !== main && main.contains(at) && at.matches('input, select, textarea')) return;
    main?.focus({ preventScroll: true });
    clearFlashOnLeaving();
    // Each page asks who is signed in again: an account linked to its person, or given other roles,
    // since the last answer is offered what it now may do on the next page it opens, not at its
    // next sign-in (SessionInfo.noPersonBehind, roles).
    void refreshSession();
  }, [location.pathname]);
  // …and back on a page, to the control that left it (after the line above: it has the last word).
  useReturnFocus(mainRef);

  const pages = allPages();
  const visible = pages.filter((p) => p.nav && pageAllowed(p, session));
  const navLabel = (nav: NonNullable<Page['nav']>) => ('labelKey' in nav ? t(nav.labelKey) : i18n.exists(nav.runtimeKey) ? t(nav.runtimeKey as MessageKey) : nav.runtimeKey);

  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        {t('shell.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <img src="./icon.svg" alt="" width={26} height={26} />
          <span className="brand-name">{t('common.appName')}</span>
          <span className="brand-sub" data-testid="company-name">{companyName}</span>
        </div>
        <div className="header-actions">
          <StationBanner named />
          <LanguageSwitch />
          <UserMenu />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void signOut()}>
            <LogOut size={16} aria-hidden="true" />
            {t('shell.user.signOut')}
          </button>
        </div>
      </header>
      <nav className="app-nav" aria-label={t('shell.nav.label')}>
        {NAV_GROUPS.map(({ group, labelKey }) => {
          const items = visible.filter((p) => p.nav!.group === group);
          if (items.length === 0) return null;
          return (
            <div className="nav-group" key={group}>
              {labelKey && <p className="nav-group-label">{t(labelKey)}</p>}
              <ul>
                {items.map((p) => {
                  const Icon = p.nav!.icon;
                  return (
                    <li key={p.path}>
                      <NavLink to={p.path} end={p.path === '/'} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}>
                        <Icon size={18} aria-hidden="true" />
                        <span>{navLabel(p.nav!)}</span>
                      </NavLink>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </nav>
      <main className="app-main" id="main" ref={mainRef} tabIndex={-1}>
        <Flash />
        <PageErrorBoundary path={location.pathname}>
          <Routes>
            {pages.map((p) => (
              <Route key={p.path} path={p.path} element={<PageRoute page={p} />} />
            ))}
            <Route path="*" element={<NoPage lead={t('shell.notFound')} />} />
          </Routes>
        </PageErrorBoundary>
      </main>
      <ElevateDialog />
    </div>
  );
}
