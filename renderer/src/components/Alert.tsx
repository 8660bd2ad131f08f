import type { ReactNode } from 'react';
import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';
import type { ApiError } from '../../../shared/api/errors';
import { useErrorMessage } from '../i18n/messages';

type Tone = 'info' | 'success' | 'warning' | 'error';
const ICONS = { info: Info, success: CheckCircle2, warning: AlertTriangle, error: XCircle };

export function Alert({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  const Icon = ICONS[tone];
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <Icon size={18} aria-hidden="true" className="alert-icon" />
      <div>{children}</div>
    </div>
  );
}

/** An API error that has no form field to sit on. */
export function ErrorAlert({ error }: { error: ApiError | null }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <Alert tone="error" testId="form-error">
      {message(error)}
    </Alert>
  );
}
