import { useEffect, useState } from 'react';
import type { SiteInfo } from '../../../shared/api/core-contract';
import { api } from '../api/api';

/**
 * The company's sites (本社 first), for filters, forms and showing site names; with `readableFor` (a
 * ledger), only those whose records of it may be read — a list's site filter (a walk-through: a site
 * head was offered the other sites, each answered with an error).
 */
export function useSites(readableFor?: string): SiteInfo[] {
  const [sites, setSites] = useState<SiteInfo[]>([]);
  useEffect(() => {
    let live = true;
    void api('sites.list', readableFor ? { readableFor } : {}).then((r) => {
      if (live && r.ok) setSites(r.value);
    });
    return () => {
      live = false;
    };
  }, [readableFor]);
  return sites;
}
