import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { LucideIcon } from 'lucide-react';

/**
 * A panel below the dashboard's tiles (who is inside, what is open, what is due): its titled header
 * with an icon, a count badge and a link to the ledger, then its list or its empty line.
 */
export function DashPanel(props: {
  title: string;
  icon: LucideIcon;
  testId: string;
  /** Badges after the title (a count; red when something is late). */
  badges?: ReactNode;
  /** What stands between the title and the link (a second count). */
  aside?: ReactNode;
  link?: { to: string; label: string };
  /** Shown instead of the children when there is nothing to list. */
  empty?: string | null;
  children?: ReactNode;
}) {
  const id = useId();
  const Icon = props.icon;
  return (
    <section className="card dash-panel" aria-labelledby={id} data-testid={props.testId}>
      <header className="dash-panel-header">
        <h2 id={id}>
          <Icon size={18} aria-hidden="true" />
          {props.title}
          {props.badges}
        </h2>
        {props.aside}
        {props.link && <Link to={props.link.to}>{props.link.label} →</Link>}
      </header>
      {props.empty ? <p className="muted">{props.empty}</p> : props.children}
    </section>
  );
}
