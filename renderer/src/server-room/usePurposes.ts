import { useEffect, useState } from 'react';
import type { ServerRoomPurpose } from '../../../shared/ledgers/serverRoom';
import { api } from '../api/api';

// A site's purpose list changes rarely (an admin setting): fetched once per site per page view.
const cache = new Map<string, Promise<ServerRoomPurpose[]>>();

function load(siteId: string): Promise<ServerRoomPurpose[]> {
  let p = cache.get(siteId);
  if (!p) {
    p = api('serverRoom.purposes', { siteId }).then((r) => {
      if (!r.ok) {
        cache.delete(siteId);
        return [];
      }
      return r.value;
    });
    cache.set(siteId, p);
    // Forget it after a while so a changed list shows up without a reload.
    window.setTimeout(() => cache.delete(siteId), 60_000);
  }
  return p;
}

/** Drop a site's cached list (its settings were just saved), so the next form shows the new one. */
export function forgetPurposes(siteId: string): void {
  cache.delete(siteId);
}

/** The purposes of a site (retired ones included, marked active: false). */
export function usePurposes(siteId: string | undefined): ServerRoomPurpose[] {
  const [purposes, setPurposes] = useState<ServerRoomPurpose[]>([]);
  useEffect(() => {
    if (!siteId) return;
    let live = true;
    void load(siteId).then((list) => {
      if (live) setPurposes(list);
    });
    return () => {
      live = false;
    };
  }, [siteId]);
  return siteId ? purposes : [];
}
