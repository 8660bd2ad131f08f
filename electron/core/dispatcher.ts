import { ledgerRead, readableSites, takesSite } from './auth/site-scope';
import { passwordExpired } from '../../shared/domain/password-policy';
import type { z } from 'zod';
import { contract, type MethodName } from '../../shared/api/contract';
import type { MethodDef } from '../../shared/api/kit';
import { DaichoError, type ApiError, type ApiResult } from '../../shared/api/errors';
import { allows } from '../../shared/api/access';
import { isMessageKey, type MessageKey } from '../../shared/i18n';
import type { HandlerContext, Handlers } from './context';
import type { Session, SessionStore } from './auth/sessions';
import type { Settings } from './settings';
import type { Store } from './store/store';
import { isBusy, StoreError } from './store/errors';
import { ScryptBusyError } from './keys/wrap';
import { throttleClient, type DeviceProofs } from './auth/guessing';
import type { LanService } from './lan/service';
import type { JobRunner } from './jobs/runner';
import { inReader } from './jobs/reader-call';

export interface CallRequest {
  /** The session token the transport holds for this caller, if any. */
  token: string | null;
  method: string;
  input: unknown;
  station: string;
  /** Who is calling at the transport level: the caller's address in browser mode, "ipc" in the app (guessing is slowed per client). */
  client?: string;
  /** The device's proof of the accounts it has signed in to (a cookie in browser mode), if any. */
  device?: string | null;
  /**
   * The session counts only if it was issued through this same station (calls from LAN stations):
   * a token taken from one station is worth nothing at another.
   */
  bindToStation?: boolean;
}

export interface CallOutcome {
  result: ApiResult<unknown>;
  /** undefined: keep the token; a string: the caller's new token; null: forget it. */
  token?: string | null;
  /** A new device proof for the transport to keep (after a sign-in), or undefined. */
  device?: string;
}

export interface DispatcherDeps {
  store: Store;
  settings: Settings;
  sessions: SessionStore;
  handlers: Handlers;
  /** The contract in use: the app's, with the methods of ledgers registered at open (ledgers/registry.ts). */
  contract?: Readonly<Record<string, MethodDef>>;
  clock: () => Date;
  issueRecoveryCode: () => Promise<string>;
  /** True when the code is this data's recovery code (it unwraps the database key). */
  checkRecoveryCode: (code: string) => Promise<boolean>;
  devices: DeviceProofs;
  jobs: JobRunner;
  lan: LanService;
  /** The reader worker has these handlers (ledgers/registry.ts Assembled.inReader): a method marked inReader is answered there. */
  inReader?: boolean;
  /** The registers' codes being read into their index after the open, if they are (daicho.ts codesRead). */
  codesWarming?: () => Promise<void> | undefined;
  /** Called with unexpected errors (never shown to the user). */
  log?: (err: unknown, method: string) => void;
}

function fail(code: ApiError['code'], messageKey: MessageKey, extra: Partial<ApiError> = {}): CallOutcome {
  return { result: { ok: false, error: { code, messageKey, ...extra } } };
}

/** The value at a path of the input (undefined where there is none). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * zod issues → our typed error: the field path and a message key from the catalog. A value of the
 * wrong kind is told from a missing one by the input itself (zod's issues do not carry it): 2.5 where
 * a whole number goes, or "5" where a number goes, is not "入力してください" (a bad-input probe).
 */
/** How many unknown keys of one object are named (a payload of 300,000 made a 4.5 MB field name, an insider probe). */
const UNKNOWN_KEYS_NAMED = 20;

/** The origins of zod's size issues that are numbers (a value's range, not a text's length or a list's size). */
const NUMERIC = new Set(['number', 'int', 'bigint']);

export function inputError(error: z.ZodError, input?: unknown): ApiError {
  // Each unknown key is its own issue at its own place (an insider probe: recordedBy and status were
  // named as one field "recordedBy.status", which does not exist).
  const each = error.issues.flatMap((i): z.core.$ZodIssue[] =>
    i.code === 'unrecognized_keys' ? (i.keys ?? []).slice(0, UNKNOWN_KEYS_NAMED).map((k) => ({ ...i, path: [...i.path, k.length > 64 ? `${k.slice(0, 64)}…` : k], keys: [] })) : [i],
  );
  const issues = each.map((i): { field: string; messageKey: MessageKey; params?: Record<string, number> } => {
    if (i.code === 'invalid_type') {
      const given = valueAt(input, i.path);
      if (given !== undefined && given !== null) {
        const expected = (i as { expected?: string }).expected;
        return { field: i.path.map(String).join('.'), messageKey: (expected === 'int' && typeof given === 'number' ? 'errors.field.integer' : 'errors.field.invalid_type') as MessageKey };
      }
    }
    let field = i.path.map(String).join('.');
    // A schema's own message is a catalog key (run-time data to zod: checked here); zod's built-in
    // issues carry English text instead, and get a key by their code.
    let messageKey: MessageKey | null = isMessageKey(i.message) ? i.message : null;
    if (!messageKey) {
      switch (i.code) {
        case 'unrecognized_keys':
          messageKey = 'errors.field.unknown_key';
          field = [field, ...(i.keys ?? [])].filter(Boolean).join('.');
          break;
        // A number out of its range is said with the range (a probe: a page of -1 was "required", 1e9 "too long").
        case 'too_big':
          if (NUMERIC.has(i.origin)) return { field, messageKey: i.inclusive === false ? 'errors.field.less_than' : 'errors.field.at_most', params: { max: Number(i.maximum) } };
          messageKey = i.origin === 'array' || i.origin === 'set' ? 'errors.field.too_many' : 'errors.field.too_long';
          break;
        case 'too_small':
          if (NUMERIC.has(i.origin)) return { field, messageKey: i.inclusive === false ? 'errors.field.greater_than' : 'errors.field.at_least', params: { min: Number(i.minimum) } };
          messageKey = 'errors.field.required';
          break;
        case 'invalid_type':
          messageKey = i.input === undefined ? 'errors.field.required' : 'errors.field.invalid_type';
          break;
        default:
          messageKey = 'errors.field.invalid';
      }
    }
    return { field, messageKey };
  });
  return { code: 'invalid_input', messageKey: issues[0]?.messageKey ?? 'errors.field.invalid', field: issues[0]?.field, ...(issues[0]?.params ? { params: issues[0].params } : {}), issues };
}

/** The dotted path of the first string (value or key) that is not well-formed or holds NUL, or null. */
export function findMalformedText(value: unknown, path: string[] = [], depth = 0): string | null {
  const bad = (s: string) => !s.isWellFormed() || s.includes('\u0000');
  if (typeof value === 'string') return bad(value) ? path.join('.') : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    if (bad(k)) return [...path, k.toWellFormed()].join('.');
    const found = findMalformedText(v, [...path, k], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The one dispatcher (DESIGN rule 1): validate → authorize → run → (the handler journals through
 * the one write path). Both transports — Electron IPC and the browser-mode host — call this.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async call(req: CallRequest): Promise<CallOutcome> {
    const { method } = req;
    const methods: Readonly<Record<string, MethodDef>> = this.deps.contract ?? contract;
    if (!Object.prototype.hasOwnProperty.call(methods, method)) return fail('unknown_method', 'errors.unknown_method');
    const def = methods[method] as MethodDef;
    // When the call came: a record it stamps is stamped so, also after the wait below.
    const now = this.deps.clock();
    // The registers' codes are still being read into their index after the open (kit/code-index.ts):
    // every call waits for it here, in the event loop, and runs in the order the calls came (a read
    // sent after a save reads it), rather than a code check reading the rest of a register in one go.
    const warming = this.deps.codesWarming?.();
    if (warming) await warming;
    const found = this.deps.sessions.get(req.token);
    // A session made through a LAN station works only through that station; one made here, only here.
    const session = found && (req.bindToStation ? found.via !== req.station : found.via?.startsWith('lan:') === true) ? null : found;

    // Idle lock before anything else, public methods included: otherwise a public call
    // (auth.session, the renderer's heartbeat) would restart the idle clock of an idle session.
    if (session) this.applyIdleLock(session, now);
    // Authorize first, so a caller without the right learns nothing from validation errors.
    if (def.access !== 'public') {
      if (!session) return fail('not_signed_in', 'errors.not_signed_in');
      if (!allows(def.access, session)) return fail('forbidden', 'errors.forbidden');
      if (!def.allowWhenLocked) {
        if (session.locked) return fail('session_locked', 'errors.session_locked');
        if (session.mustChangePassword) return fail('password_change_required', 'errors.password_change_required');
      }
      if (def.elevated && !(session.elevatedUntil && session.elevatedUntil > now.getTime()))
        return fail('reauth_required', 'errors.reauth_required');
    }

    // SPEC §8: every string anywhere in the input (keys too) is well-formed Unicode without NUL,
    // whatever its schema says, so nothing that reaches a handler can be stored unlike it is hashed.
    const malformed = findMalformedText(req.input);
    if (malformed !== null) return fail('invalid_input', 'errors.field.malformed_text', { field: malformed, issues: [{ field: malformed, messageKey: 'errors.field.malformed_text' }] });
    const parsed = def.input.safeParse(req.input ?? {});
    if (!parsed.success) return { result: { ok: false, error: inputError(parsed.error, req.input ?? {}) } };
    // A site head reads their own sites' ledgers (auth/site-scope.ts): another site named is refused;
    // none named, where the method takes one, is their site (lists and panels of one site). The review
    // answers for itself, in its own words (review.errors.not_reviewer), and reads no ledger here.
    let input: unknown = parsed.data;
    const ledger = ledgerRead(method, input);
    const sites = session && ledger !== null ? readableSites(this.deps.store, session, now, ledger) : null;
    if (sites) {
      const siteId = (input as { siteId?: unknown } | null)?.siteId;
      if (typeof siteId === 'string' && !sites.includes(siteId)) return fail('forbidden', 'errors.site_not_yours', { field: 'siteId' });
      if (siteId === undefined && sites.length === 1 && takesSite(def.input)) input = { ...(input as object), siteId: sites[0] };
    }

    let token: string | null | undefined;
    let device: string | undefined;
    const proof = this.deps.devices.read(req.device);
    const ctx: HandlerContext = {
      store: this.deps.store,
      settings: this.deps.settings,
      sessions: this.deps.sessions,
      jobs: this.deps.jobs,
      lan: this.deps.lan,
      session,
      readableSites: sites,
      station: session?.station ?? req.station,
      now,
      actor: () => ({ actor: session ? session.accountId : 'anonymous', station: session?.station ?? req.station }),
      setSessionToken: (t) => {
        token = t;
      },
      issueRecoveryCode: this.deps.issueRecoveryCode,
      checkRecoveryCode: this.deps.checkRecoveryCode,
      client: throttleClient(proof, req.client ?? 'local'),
      device: proof,
      rememberDevice: (accountId) => {
        const next = this.deps.devices.withAccount(device ?? req.device, accountId);
        device = next.proof;
        return next.id;
      },
    };
    const saved = this.deps.store.commits;
    try {
      const handler = this.deps.handlers[method as MethodName] as (c: HandlerContext, i: unknown) => unknown;
      // A read that grows with the data is answered by the reader worker (issue 7 point 5), checked here first.
      // Not wrapped in a promise: a refusal thrown at once is answered at once, in the order the calls came.
      const run = (): unknown => (def.inReader && this.deps.inReader ? inReader(ctx, method, input, () => handler(ctx, input)) : handler(ctx, input));
      let value: unknown;
      try {
        value = await run();
      } catch (err) {
        // The file's write lock held past a save's wait (the checkpoint's worker behind a busy disk):
        // nothing was kept, so a ledger's call is run once more after a pause, the event loop free
        // meanwhile. Not a sign-in, the door or the people register: they count refusals in memory
        // before they write, and would count one twice.
        if (this.deps.store.commits !== saved || !RETRIED_ON_BUSY.has(method.slice(0, method.indexOf('.'))) || !isBusy(err, this.deps.store.failed)) throw err;
        this.deps.log?.(err, `${method} (tried again)`);
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
        value = await run();
      }
      // A call that saved is answered once its saves are on the disk, synced in the thread pool while the
      // process goes on (store/wal-sync.ts). One that saved nothing does not wait for others' saves.
      if (this.deps.store.commits !== saved) await this.deps.store.durable();
      // A session is bound to the station it was issued through (see bindToStation).
      const issued = token ? this.deps.sessions.get(token) : null;
      if (issued) issued.via = req.station;
      if (session && !def.passive && !session.locked && this.deps.sessions.get(session.token)) session.lastActivity = now.getTime();
      return { result: { ok: true, value: value ?? null }, token, device };
    } catch (err) {
      // A handler that failed after a save (or a save the disk did not confirm): its answer, too, waits for what was saved.
      const synced = this.deps.store.commits === saved ? null : await this.deps.store.durable().then(() => null, (e: unknown) => e);
      const error = this.toApiError(synced ?? err, method, this.deps.store.commits === saved);
      return { result: { ok: false, error: session && session.roles.every((r) => r === 'staff') ? toldOwnOnly(error) : error }, token, device };
    }
  }

  private applyIdleLock(session: Session, now: Date): void {
    // Art. 17(2) on every call, not only at an unlock or a session read (a review: a caller that never
    // read its session went on with a password past its six months).
    if (session.kind === 'desk' && session.passwordChangedAt && !session.mustChangePassword && passwordExpired(session.passwordChangedAt, now)) session.mustChangePassword = true;
    if (session.kind !== 'desk' || session.locked) return;
    const minutes = this.deps.settings.get('auth.idleLockMinutes');
    if (now.getTime() - session.lastActivity > minutes * 60_000) session.locked = true;
  }

  private toApiError(err: unknown, method: string, keptNothing: boolean): ApiError {
    if (err instanceof DaichoError) return err.toApiError();
    if (err instanceof ScryptBusyError) return { code: 'too_many_attempts', messageKey: 'auth.errors.busy' };
    const storeErr = this.deps.store.noteFailure(err);
    if (storeErr instanceof StoreError && storeErr.code === 'disk_full') return { code: 'internal', messageKey: 'errors.disk_full' };
    // The folder taken by another instance (Store.stopWriting), not any "in use" from elsewhere.
    if (storeErr instanceof StoreError && storeErr.code === 'in_use' && storeErr === this.deps.store.failed) return { code: 'internal', messageKey: 'errors.data_taken' };
    // The file's write lock held longer than a save waits (the checkpoint's worker, on a machine too
    // busy to let it finish): nothing of the write was kept, and the same act goes through when tried
    // again. Said so, not as an unexpected error (a full test run under load once ended so).
    if (keptNothing && isBusy(storeErr, this.deps.store.failed)) {
      this.deps.log?.(err, method);
      return { code: 'conflict', messageKey: 'errors.busy_try_again' };
    }
    if (storeErr instanceof StoreError && storeErr.code === 'damaged') {
      this.deps.log?.(err, method);
      return { code: 'data_damaged', messageKey: 'errors.data_damaged' };
    }
    const code = (err as { code?: string })?.code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE') return { code: 'conflict', messageKey: 'errors.duplicate' };
    this.deps.log?.(err, method);
    return { code: 'internal', messageKey: 'errors.internal' };
  }
}

/** How long a call whose save found the file's write lock held waits before its one more try. */
const BUSY_RETRY_MS = 250;
/** The methods (by prefix) run once more when their save found the file's write lock held: the ledgers' and their registers'. */
const RETRIED_ON_BUSY = new Set(['serverRoom', 'cabinetLog', 'cabinets', 'checkouts', 'assets', 'visitors', 'guestCards', 'lastExit', 'accessLog', 'review', 'calendar']);

/** What a refusal may carry of another record: when it began (a cabinet open since, a card lent from) and its id. */
const OTHER_RECORD = ['since', 'recordId'];

/**
 * A refusal as told to someone who keeps only their own records (staff): without another record's time or
 * id, in its message's `_untold` wording (「この時間に別の開錠記録があります」), where it has one. An insider
 * probe read every opening of another site's cabinet from the times its previews were refused with. A
 * message without such a wording is about the caller's own records (the stay they are in) and is told.
 */
export function toldOwnOnly(e: ApiError): ApiError {
  const told = <T extends { messageKey: MessageKey; params?: Record<string, string | number> }>(i: T): T => {
    const untold = `${i.messageKey}_untold`;
    const given = i.params;
    if (!given || !OTHER_RECORD.some((k) => k in given) || !isMessageKey(untold)) return i;
    const params = Object.fromEntries(Object.entries(given).filter(([k]) => !OTHER_RECORD.includes(k)));
    return { ...i, messageKey: untold, params };
  };
  return { ...told(e), ...(e.issues ? { issues: e.issues.map(told) } : {}) };
}

