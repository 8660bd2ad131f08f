import type { SessionInfo } from '../../../shared/domain/session';

/**
 * The site a dashboard panel asks about: a site head's own (SessionInfo.homeSiteId), as their review
 * list shows (a walk-through: the Osaka head's dashboard raised the head office's overdue laptop and
 * visitors as his alarms); everyone else's panels show every site.
 */
export function homeSite(session: SessionInfo | null): { siteId?: string } {
  return session?.homeSiteId ? { siteId: session.homeSiteId } : {};
}
