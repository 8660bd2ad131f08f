import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Ban, History, LogOut, Pencil } from 'lucide-react';
import type { ServerRoomStay } from '../../../shared/ledgers/serverRoom';
import { DateText } from '../components/DateText';
import { Modal } from '../components/Modal';
import { AnomalyMarks } from './AnomalyMarks';
import { useServerRoomText } from './text';
import { minutesBetween } from '../lib/japan-time';
import { StationName } from '../components/StationName';
import { usePunct } from '../hooks/usePunct';

export interface StayActions {
  canKeep: boolean;
  canSeeHistory: boolean;
  /** Why its correction and void are not offered (stay-party.ts stayWithheld): the signed-in person is a party to it, or the account has no person; null when they are. */
  withheld: (s: ServerRoomStay) => 'own' | 'no_person' | null;
  onExit: (s: ServerRoomStay) => void;
  onAmend: (s: ServerRoomStay) => void;
  onVoid: (s: ServerRoomStay) => void;
  onHistory: (s: ServerRoomStay) => void;
}

function Erased() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-muted" data-testid="erased">
      {t('serverRoom.ui.erased')}
    </span>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sr-detail-row">
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

/** Everything about one stay, with its anomalies explained, and what can be done with it. */
export function StayDetailDialog({ stay, actions, onClose }: { stay: ServerRoomStay; actions: StayActions; onClose: () => void }) {
  const { t } = useTranslation();
  const p = usePunct();
  const text = useServerRoomText();
  const live = stay.status === 'valid';
  const withheld = actions.withheld(stay);
  const c = stay.companions;
  // Past the retention period its personal data was erased (SPEC §8): shown as 消去済.
  const erased = stay.personalErasedAt !== null;
  return (
    <Modal title={t('serverRoom.ui.detail.title')} onClose={onClose} size="lg" testId="stay-detail-dialog">
      <div className={live ? undefined : 'sr-voided-block'}>
        {!live && (
          <p className="alert alert-error sr-void-note">
            {t('serverRoom.ui.voided')}{p.colon}{stay.voidReason}
          </p>
        )}
        <dl className="sr-detail">
          <Row label={t('serverRoom.fields.person')}>
            {p.note(stay.personName, stay.employeeNo)}
          </Row>
          <Row label={t('serverRoom.fields.site')}>{stay.siteName}</Row>
          <Row label={t('serverRoom.fields.enteredAt')}>
            <DateText value={stay.enteredAt} time weekday />
          </Row>
          <Row label={t('serverRoom.fields.exitedAt')}>
            {stay.exitedAt ? <DateText value={stay.exitedAt} time weekday /> : <span className="badge badge-primary">{t('serverRoom.ui.inside')}</span>}
          </Row>
          <Row label={t('serverRoom.fields.duration')}>{text.duration(minutesBetween(stay.enteredAt, stay.exitedAt))}</Row>
          <Row label={t('serverRoom.fields.purpose')}>
            {text.purpose(stay.purpose, stay.purposeLabel)}
            {stay.purposeNote && <span className="muted">{p.note('', stay.purposeNote)}</span>}
            {stay.erasedFields.includes('purposeNote') && <Erased />}
          </Row>
          <Row label={t('serverRoom.fields.companionEmployees')}>{c.employees.length ? c.employees.map((e) => e.name).join(t('common.listSeparator')) : null}</Row>
          <Row label={t('serverRoom.fields.visitors')}>
            {c.visitors.length ? (
              <ul className="plain-list">
                {c.visitors.map((v, i) => (
                  <li key={i}>
                    {/* Erased: the visitor went in (kept for the rules), their name and company are gone. */}
                    {erased && !v.name ? <Erased /> : p.note(v.name, v.company)} — {v.escortName ? t('serverRoom.ui.escortBy', { name: v.escortName }) : <span className="sr-warn">{t('serverRoom.ui.noEscort')}</span>}
                  </li>
                ))}
              </ul>
            ) : null}
          </Row>
          <Row label={t('serverRoom.fields.itemsIn')}>{stay.itemsIn}</Row>
          <Row label={t('serverRoom.fields.itemsOut')}>{stay.itemsOut}</Row>
          <Row label={t('serverRoom.fields.notes')}>{stay.erasedFields.includes('notes') ? <Erased /> : stay.notes}</Row>
          {stay.personalErasedAt && (
            <Row label={t('serverRoom.ui.detail.erasedAt')}>
              <DateText value={stay.personalErasedAt} time />
            </Row>
          )}
          <Row label={t('serverRoom.fields.recordedAt')}>
            <DateText value={stay.recordedAt} time />
            {p.sep}
            {stay.recordedByName ?? stay.recordedBy}
            {p.sep}
            <StationName id={stay.station} name={stay.stationName} />
          </Row>
          {stay.exitRecordedAt && (
            <Row label={t('serverRoom.ui.detail.exitRecordedAt')}>
              <DateText value={stay.exitRecordedAt} time />
            </Row>
          )}
          {stay.amendCount > 0 && (
            <Row label={t('serverRoom.ui.detail.amendedAt')}>
              <DateText value={stay.amendedAt} time /> <span className="badge badge-warning">{t('serverRoom.ui.amended', { count: stay.amendCount })}</span>
            </Row>
          )}
          <Row label={t('serverRoom.fields.anomalies')}>
            {stay.anomalies.length ? (
              <ul className="plain-list sr-anomaly-list">
                {stay.anomalies.map((a) => (
                  <li key={a.code}>
                    <AnomalyMarks anomalies={[a]} /> <span>{text.anomalyDetail(a)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">{t('serverRoom.ui.detail.noAnomalies')}</span>
            )}
          </Row>
        </dl>
      </div>
      <div className="form-actions sr-detail-actions">
        {actions.canSeeHistory && (
          <button type="button" className="btn btn-ghost" onClick={() => actions.onHistory(stay)}>
            <History size={16} aria-hidden="true" />
            {t('serverRoom.ui.actions.history')}
          </button>
        )}
        <span className="spacer" />
        {actions.canKeep && live && (
          <>
            {withheld === 'own' ? (
              <p className="muted small sr-own-note" data-testid="own-record-note">
                {t('ledgerKit.ownRecord.note')}
              </p>
            ) : withheld === 'no_person' ? (
              <p className="small note-warning sr-own-note" data-testid="no-person-note">
                {t('ledgerKit.noPerson.note')}
              </p>
            ) : (
              <>
                <button type="button" className="btn btn-danger-ghost" onClick={() => actions.onVoid(stay)}>
                  <Ban size={16} aria-hidden="true" />
                  {t('serverRoom.ui.actions.void')}
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => actions.onAmend(stay)}>
                  <Pencil size={16} aria-hidden="true" />
                  {t('serverRoom.ui.actions.amend')}
                </button>
              </>
            )}
            {!stay.exitedAt && (
              <button type="button" className="btn btn-primary" onClick={() => actions.onExit(stay)}>
                <LogOut size={16} aria-hidden="true" />
                {t('serverRoom.ui.actions.recordExit')}
              </button>
            )}
          </>
        )}
      </div>
    </Modal>
  );
}
