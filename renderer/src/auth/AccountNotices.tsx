import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Check, ShieldAlert } from 'lucide-react';
import type { AccountNotice } from '../../../shared/domain/session';
import { isRole } from '../../../shared/domain/roles';
import { isMessageKey } from '../../../shared/i18n';
import { fieldLabelKey } from '../../../shared/ledgers';
import { api } from '../api/api';
import { ErrorAlert } from '../components/Alert';
import { DateText } from '../components/DateText';
import { Modal } from '../components/Modal';
import { updateSession, useApp } from '../state/app';
import type { ApiError } from '../../../shared/api/errors';
import { useReviewText } from '../review/review-text';
import { usePunct } from '../hooks/usePunct';

// Issue 6 (Art. 15): right after sign-in — before anything else, a forced password change
// included — the holder is told what someone else did to their account, by whom and when.

function NoticeLine({ n }: { n: AccountNotice }) {
  const { t } = useTranslation();
  const p = usePunct();
  const rt = useReviewText();
  // A month the holder signed, reopened by the safety manager: which ledger, site, month and meaning.
  const sealOf = (d: AccountNotice['detail']) => ({
    ledger: rt.ledgerTitle(String(d?.ledger ?? '')),
    site: String(d?.siteName ?? ''),
    month: typeof d?.month === 'string' ? rt.month(d.month) : '',
    meaning: d?.meaning === 'confirm' || d?.meaning === 'approve' ? t(`review.sign.meanings.${d.meaning}`) : String(d?.meaning ?? ''),
  });
  const by = n.byName ? p.note(n.byName, n.byLoginId ?? '') : t('auth.notices.someone');
  const about = n.aboutName ? p.note(n.aboutName, n.aboutLoginId ?? '') : t('auth.notices.someone');
  // The notice's detail is stored data: an action or a role the catalogs do not name shows as stored.
  const actionKey = typeof n.detail?.action === 'string' ? `auth.notices.actions.${n.detail.action.replace(/^accounts\./, '')}` : null;
  const action = actionKey === null ? '' : isMessageKey(actionKey) ? t(actionKey) : String(n.detail?.action);
  // Her approval used for a ledger's retention (a shorter period, an erasure): which ledger, and what.
  const retention = n.kind === 'approval_used' && n.detail?.action === 'retention.shorten' ? 'retention_shortened' : n.kind === 'approval_used' && n.detail?.action === 'retention.erase' ? 'retention_erased' : null;
  // A ledger's field by its label; another column (a register's) as stored.
  const fieldName = (table: string, column: string) => {
    const label = fieldLabelKey(table, column);
    return label && isMessageKey(label) ? t(label) : column;
  };
  const roles = (v: unknown) => (Array.isArray(v) ? p.list(v.map((r) => (isRole(r) ? t(`common.roles.${r}`) : String(r)))) : '—');
  return (
    <li className="notice-item" data-testid="account-notice">
      <p className="notice-when">
        <DateText value={n.at} time />
      </p>
      <p className="notice-what">
        {n.kind === 'roles_changed'
          ? t('auth.notices.roles_changed', { by, before: roles(n.detail?.before), after: roles(n.detail?.after) })
          : n.kind === 'person_linked'
            ? n.detail?.after
              ? t('auth.notices.person_linked', { by, person: String(n.detail.personName ?? '') })
              : t('auth.notices.person_unlinked', { by })
            : n.kind === 'seal_reopened'
              ? t('auth.notices.seal_reopened', { by, ...sealOf(n.detail) })
              : n.kind === 'data_older_than_backup'
                ? t('auth.notices.data_older_than_backup', { by, to: String(n.detail?.to ?? ''), last: String(n.detail?.last ?? '') })
              : n.kind === 'approval_used' && n.detail?.action === 'stations.pair'
                ? t('auth.notices.station_paired', { by, name: String(n.detail.name ?? ''), site: String(n.detail.siteName ?? '') })
              : n.kind === 'approval_used' && n.detail?.action === 'outside.accept'
                ? t('auth.notices.outside_accepted', { by, table: rt.text(`outside.tables.${String(n.detail.table)}`), id: String(n.detail.id ?? '') })
              : retention
                ? t(`auth.notices.${retention}`, { by, ledger: rt.text(`retention.ledgers.${String(n.detail?.ledger)}`), from: Number(n.detail?.from), count: Number(retention === 'retention_shortened' ? n.detail?.to : n.detail?.erased) })
                : t(`auth.notices.${n.kind}`, { by, about, action, fingerprint: String(n.detail?.fingerprint ?? '') })}
      </p>
      {n.kind === 'clerk_granted' && n.detail?.noPerson === true && (
        <p className="notice-detail" data-testid="notice-no-person">
          {t('auth.notices.clerk_granted_no_person')}
        </p>
      )}
      {n.kind === 'approval_used' && n.detail?.action === 'outside.accept' && Array.isArray(n.detail.fields) && n.detail.fields.length > 0 && (
        <p className="notice-detail" data-testid="notice-outside-fields">
          {t('auth.notices.outside_fields', { fields: p.list(n.detail.fields.map((c) => fieldName(String(n.detail?.table), String(c)))) })}
        </p>
      )}
      {/* Not on a notice of one's own approval (「あなたの承認で…」 then 「承認：鈴木 陽子」 named her twice, a user probe). */}
      {(n.recoveryCode || (n.approvedByName && n.kind !== 'approval_used')) && (
        <p className="notice-detail">{n.recoveryCode ? t('auth.notices.approvedByRecovery') : t('auth.notices.approvedBy', { name: n.approvedByName })}</p>
      )}
      {n.reason && <p className="notice-detail">{t('auth.notices.reason', { reason: n.reason })}</p>}
    </li>
  );
}

/** The notices as a list (shown inline on the forced password change, where they cannot be dismissed yet). */
export function NoticeList({ notices }: { notices: AccountNotice[] }) {
  return (
    <ol className="notice-list" data-testid="account-notice-list">
      {notices.map((n) => (
        <NoticeLine key={n.id} n={n} />
      ))}
    </ol>
  );
}

/**
 * The unread notices of the signed-in account, until the holder says they have read them — which
 * they can only once they have set their own password (before that they are shown on that screen).
 */
/** What the notices ask of their holder: tell a safety manager — or, being one, change the password and go through it with the administrator. */
export function useNoticesLead(): string {
  const { t } = useTranslation();
  const safetyManager = useApp((s) => s.session?.roles.includes('safety_manager') ?? false);
  return t(safetyManager ? 'auth.notices.leadSafetyManager' : 'auth.notices.lead');
}

/** The lead, focused once when the dialog opens; Enter there does what the dialog's one button does (a user probe: Enter did nothing). */
function NoticeLead({ text, onEnter }: { text: string; onEnter?: () => void }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p
      tabIndex={-1}
      ref={ref}
      className="notice-lead"
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || e.nativeEvent.isComposing || !onEnter) return;
        e.preventDefault();
        onEnter();
      }}
    >
      {text}
    </p>
  );
}

export function AccountNotices() {
  const { t } = useTranslation();
  const notices = useApp((s) => s.session?.notices ?? []);
  const mustChange = useApp((s) => s.session?.mustChangePassword ?? false);
  const lead = useNoticesLead();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (notices.length === 0 || mustChange) return null;

  const acknowledge = async () => {
    setBusy(true);
    const r = await api('auth.acknowledgeNotices', { ids: notices.map((n) => n.id) });
    setBusy(false);
    if (r.ok) updateSession(r.value);
    else setError(r.error);
  };

  return (
    <Modal
      title={
        <>
          <ShieldAlert size={18} aria-hidden="true" /> {t('auth.notices.title')}
        </>
      }
      onClose={() => void acknowledge()}
      dismissable={false}
      size="md"
      testId="account-notices"
    >
      {/* Focus on what is said first, the dialog at its top (a walk-through: on the button at the foot, the dialog opened scrolled past its lead). */}
      <NoticeLead text={lead} onEnter={busy ? undefined : () => void acknowledge()} />
      <ErrorAlert error={error} />
      <NoticeList notices={notices} />
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={() => void acknowledge()} disabled={busy}>
          <Check size={16} aria-hidden="true" />
          {t('auth.notices.acknowledge')}
        </button>
      </div>
    </Modal>
  );
}
