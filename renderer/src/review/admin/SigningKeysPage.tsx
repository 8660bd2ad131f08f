import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/api/errors';
import type { SigningKeyInfo } from '../../../../shared/api/review-contract';
import type { MessageKey } from '../../../../shared/i18n';
import { api } from '../../api/api';
import { ErrorAlert } from '../../components/Alert';
import { DateText } from '../../components/DateText';

/** 署名鍵の一覧 (SPEC §5): every signing key made and revoked, shown to every safety manager. */
export function SigningKeysPage() {
  const { t, i18n } = useTranslation();
  const [keys, setKeys] = useState<SigningKeyInfo[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void api('signingKeys.list', {}).then((r) => {
      if (r.ok) setKeys(r.value);
      else setError(r.error);
    });
  }, []);

  // A reason the catalogs do not know (a newer core) shows as it is.
  const reasonText = (reason: string) => {
    const key = `review.keys.reasons.${reason}`;
    return i18n.exists(key) ? t(key as MessageKey) : reason;
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('review.keys.title')}</h1>
        <p className="page-lead">{t('review.keys.lead')}</p>
        <p className="page-lead" data-testid="keys-register">{t('review.keys.register')}</p>
      </header>
      <ErrorAlert error={error} />
      <section className="card">
        {!keys && !error && <p className="muted empty">{t('common.loading')}</p>}
        {keys?.length === 0 && <p className="empty">{t('review.keys.none')}</p>}
        {keys && keys.length > 0 && (
          <table className="table signing-keys-table" data-testid="signing-keys-table">
            <thead>
              <tr>
                <th scope="col">{t('review.keys.holder')}</th>
                <th scope="col">{t('review.keys.fingerprint')}</th>
                <th scope="col">{t('review.keys.created')}</th>
                <th scope="col">{t('review.keys.status')}</th>
                <th scope="col">{t('review.keys.reason')}</th>
                <th scope="col" className="num">
                  {t('review.keys.seals')}
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'row-inactive' : undefined} data-testid="signing-key-row">
                  <td className="wrap-anywhere">{k.accountName}</td>
                  <td className="mono" data-testid="fingerprint">
                    {k.fingerprint}
                  </td>
                  <td className="nowrap">
                    <DateText value={k.createdAt} time />
                  </td>
                  <td data-testid="key-status">
                    {k.revokedAt ? (
                      <>
                        <span className="badge badge-danger">{t('review.keys.revoked')}</span>
                        <div className="small">
                          <DateText value={k.revokedAt} time />
                        </div>
                        {k.revokedByName && <div className="small">{t('review.keys.revokedBy', { name: k.revokedByName })}</div>}
                      </>
                    ) : (
                      <span className="badge badge-success">{t('review.keys.active')}</span>
                    )}
                  </td>
                  <td>{k.revokeReason ? reasonText(k.revokeReason) : <span className="muted">—</span>}</td>
                  <td className="num">{k.seals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
