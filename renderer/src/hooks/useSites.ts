import { useEffect, useState } from 'react';
import type { SiteInfo } from '../../../shared/api/core-contract';
import { api } from '../api/api';

/** The company's sites (本社 first), for filters, forms and showing site names. */
export function useSites(): SiteInfo[] {
  const [sites, setSites] = useState<SiteInfo[]>([]);
  useEffect(() => {
    let live = true;
    void api('sites.list', {}).then((r) => {
      if (live && r.ok) setSites(r.value);
    });
    return () => {
      live = false;
    };
  }, []);
  return sites;
}
