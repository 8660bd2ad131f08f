import type { SiteInfo } from '../../../shared/api/core-contract';

/** The sites as <option>s (本社 first), for every site select in the app. */
export function SiteOptions({ sites }: { sites: readonly SiteInfo[] }) {
  return (
    <>
      {sites.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}
