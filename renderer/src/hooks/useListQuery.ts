import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Input, MethodName, Output } from '../../../shared/api/contract';
import type { ApiError, ApiResult } from '../../../shared/api/errors';
import { api } from '../api/api';
import { PAGE_SIZES } from '../components/Pager';

// The paged lists (people register, server-room book) keep their filters in the address
// (#/people?site=…&q=…), so coming back from a history keeps them; the store does the paging.

export type ParamChanges = Record<string, string | number | boolean | undefined>;

/** A whole number from the address, or the default. */
export function intParam(v: string | null, d: number): number {
  return v && /^\d+$/.test(v) ? Number(v) : d;
}

/** One of the allowed values from the address, or the default. */
export function oneOf<T extends string>(v: string | null, allowed: readonly T[], d: T): T {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : d;
}

/**
 * The address's parameters, and `update` to change some of them: empty, undefined and false
 * remove a parameter, true is "1"; any change but the page's own goes back to the first page.
 *
 * Two changes within a moment (a month, then the page size) must both land. react-router's
 * setSearchParams(prev => …) hands every call the parameters of the last render, so a second call
 * before the re-render started from the old address and dropped the first change. The latest
 * parameters are kept here, updated synchronously by each change; a new address from elsewhere
 * (back, a link) replaces them when it is rendered.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const rendered = params.toString();
  const latest = useRef({ rendered, params: new URLSearchParams(params) });
  if (latest.current.rendered !== rendered) latest.current = { rendered, params: new URLSearchParams(params) };
  const update = useCallback(
    (changes: ParamChanges, resetPage = true) => {
      const next = new URLSearchParams(latest.current.params);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === '' || v === false) next.delete(k);
        else next.set(k, v === true ? '1' : String(v));
      }
      if (resetPage) next.delete('page');
      latest.current.params = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );
  const size = intParam(params.get('size'), 50);
  const paging = { page: intParam(params.get('page'), 0), pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : 50 };
  return { params, update, paging };
}

/** Search as you type: the box follows the keys at once, the address (`q`) once typing pauses. */
export function useSearchBox(search: string, update: (changes: ParamChanges) => void): [string, (text: string) => void] {
  const [text, setText] = useState(search);
  useEffect(() => {
    if (text === search) return;
    const timer = window.setTimeout(() => update({ q: text.trim() || undefined }), 300);
    return () => window.clearTimeout(timer);
  }, [text, search, update]);
  return [text, setText];
}

/**
 * A list page's own state (the kit's, the people register's, the server-room book's): the dialog it
 * shows (`null`: none), a reload counter for the list (`refresh` after a change; `done` closes the
 * dialog and refreshes), and its search box.
 */
export function useListPage<D>(search: string, update: (changes: ParamChanges) => void) {
  const [dialog, setDialog] = useState<D | null>(null);
  const [reload, setReload] = useState(0);
  const [searchText, setSearchText] = useSearchBox(search, update);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const close = useCallback(() => setDialog(null), []);
  const done = useCallback(() => {
    setDialog(null);
    setReload((n) => n + 1);
  }, []);
  return { dialog, setDialog, close, reload, refresh, done, searchText, setSearchText };
}

/**
 * One page of a list, loaded again whenever the query (or `reload`) changes. Requests are numbered:
 * only the answer to the latest one is shown, whatever order the answers arrive in.
 */
export function usePagedList<M extends MethodName>(method: M, input: Input<M>, reload: number) {
  const load = useCallback((i: Input<M>) => api(method, i), [method]);
  return usePagedListOf<Input<M>, Output<M>>(load, input, reload);
}

/** The same for a list loaded by a function (a kit ledger's list, named from its definition); `load` must be stable. */
export function usePagedListOf<I, O>(load: (input: I) => Promise<ApiResult<O>>, input: I, reload: number) {
  const [data, setData] = useState<O | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const latestRequest = useRef(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    const request = ++latestRequest.current;
    setLoading(true);
    void load(JSON.parse(key) as I).then((r) => {
      if (request !== latestRequest.current) return; // an older request's answer, or the list is gone
      setLoading(false);
      if (r.ok) {
        setData(r.value);
        setError(null);
      } else {
        // Refused (another site's list, for a site head): the rows of the last list do not answer this one (a walk-through).
        setError(r.error);
        setData(null);
      }
    });
    return () => {
      // Leaving (or a newer request): this one's answer is no longer wanted.
      if (latestRequest.current === request) latestRequest.current++;
    };
  }, [load, key, reload]);
  return { data, loading, error };
}

/** The pager's props for a list whose page and page size live in the address (50 a page unless chosen). */
export function urlPager(paging: { page: number; pageSize: number }, total: number, update: (changes: ParamChanges, resetPage?: boolean) => void) {
  return {
    page: paging.page,
    pageSize: paging.pageSize,
    total,
    onPage: (page: number) => update({ page: page || undefined }, false),
    onPageSize: (size: number) => update({ size: size === 50 ? undefined : size }),
  };
}
