import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';

/**
 * A screen that fails while drawing shows what happened and the ways on, in the page's place; the
 * menu and the rest of the window keep working, and another page starts afresh (on a change of the
 * path; a page that works is not drawn anew). A walk-through: one screen's error had left the whole
 * window blank white.
 */
export class PageErrorBoundary extends Component<{ path: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(before: { path: string }): void {
    if (this.state.failed && before.path !== this.props.path) this.setState({ failed: false });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-failed">
      <Alert tone="error">
        <p>{t('shell.pageFailed.lead')}</p>
        <p>{t('shell.pageFailed.todo')}</p>
        <p>
          <button type="button" className="btn btn-secondary" onClick={() => window.location.reload()}>
            {t('shell.pageFailed.reload')}
          </button>
        </p>
      </Alert>
    </div>
  );
}
