import fs from 'node:fs';
import path from 'node:path';
import type { CallOutcome } from '../core';
import type { ApiError } from '../../shared/api/errors';
import { DoorQueue } from './door-queue';
import { OFFLINE_TICKET, OfflineTerminal } from './offline-terminal';
import { StationError, type StationClient } from './station';

/** How often the copy of who may enter is refreshed while the host answers. */
export const SNAPSHOT_REFRESH_MS = 5 * 60_000;

/** An identification refused for its PIN: the host counted a wrong PIN, or a lock holds. */
const PIN_REFUSALS: readonly string[] = ['terminal.errors.bad_pin', 'terminal.errors.pin_locked'];

/**
 * The host refused this station for its enrollment was revoked (a call, or a record stamped after the
 * revocation): it records nothing more (see DoorStation.revoked).
 */
const isRevoked = (e: ApiError | undefined) => (e?.messageKey === 'lan.errors.refused' && e.params?.reason === 'revoked') || e?.messageKey === 'lan.errors.revoked_record';
export const REVOKED: ApiError = { code: 'unavailable', messageKey: 'lan.errors.station_revoked' };
/** Kept in the station's folder once the host said so: a restart with the host out of reach does not forget it. */
const REVOKED_FILE = 'revoked';

const unreachable = (out: CallOutcome) => !out.result.ok && out.result.error.code === 'unavailable' && out.result.error.messageKey !== 'lan.errors.refused';

/**
 * A door-terminal station (SPEC §11): its terminal calls go to the host while it answers; when it
 * does not, or while records still wait to be delivered (so they arrive in the order they
 * happened), the offline terminal answers and queues them. Waiting records are delivered, in
 * order, one at a time, whenever the host answers again.
 */
export class DoorStation {
  readonly queue: DoorQueue;
  private readonly offline: OfflineTerminal;
  private flushing: Promise<void> | null = null;
  private lastSnapshot = 0;

  constructor(
    private readonly client: StationClient,
    dir: string,
    /** The queue's key, from the station's vault. */
    queueKey: string,
    private readonly log: (line: string) => void = () => undefined,
    /** The queue was made before (its key was in the vault already): it must still be there. */
    queueExisting = false,
  ) {
    this.queue = new DoorQueue(dir, queueKey, { existing: queueExisting });
    this.revokedFile = path.join(dir, REVOKED_FILE);
    this.revoked = fs.existsSync(this.revokedFile);
    // Records are stamped with the host's time, as the station knows it (its own clock may drift).
    this.offline = new OfflineTerminal(this.queue, client.config.certPem, () => client.now());
  }

  /**
   * The host refused this station as revoked (SPEC §11): the door records nothing more — not online,
   * not offline — and every call says so (a probe: a revoked door went on taking entries offline,
   * showing 送信中 for ever, while none reached the ledger). What it took before the revocation is
   * still delivered (the host keeps it for the review; it was acknowledged at the door — the PC being
   * replaced lost it all, never delivered); what the host refuses as taken after it is kept aside here.
   */
  private revoked: boolean;
  private readonly revokedFile: string;

  isRevoked(): boolean {
    return this.revoked;
  }

  private noteRefusal(e: ApiError | undefined): void {
    if (this.revoked || !isRevoked(e)) return;
    this.revoked = true;
    fs.writeFileSync(this.revokedFile, `${new Date().toISOString()}\n`);
    this.log('door: the host refused this station as revoked: it records nothing more');
  }

  waiting(): number {
    return this.queue.count();
  }

  rejected(): number {
    return this.queue.rejectedCount();
  }

  async call(method: string, input: unknown): Promise<CallOutcome> {
    if (this.revoked) {
      // What still waits goes on its way (the heartbeat delivers it too); the door says it is revoked at once.
      if (this.queue.count() > 0) void this.flush().catch((err: unknown) => this.log(`door: ${(err as Error)?.message ?? String(err)}`));
      return { result: { ok: false, error: REVOKED } };
    }
    const ticket = (input as { ticket?: unknown } | null)?.ticket;
    const offlineTicket = typeof ticket === 'string' && ticket.startsWith(OFFLINE_TICKET);
    if (!offlineTicket) {
      await this.flush();
      if (this.queue.count() === 0) {
        const out = await this.client.call({ method, input, token: null });
        if (!out.result.ok) this.noteRefusal(out.result.error);
        if (this.revoked) return { result: { ok: false, error: REVOKED } };
        if (!unreachable(out)) {
          // A refused identification may have counted a wrong PIN or locked one: the copy follows
          // before the answer, so that a lock holds offline too, even if the link drops at once.
          if (method === 'terminal.identify' && !out.result.ok && PIN_REFUSALS.includes(out.result.error.messageKey)) await this.refresh(true).catch(() => undefined);
          // An entry or exit made online changes who is inside: the copy follows at once.
          else void this.refresh(method === 'terminal.enter' || method === 'terminal.exit').catch(() => undefined);
          return out;
        }
      }
    }
    // Learnt while delivering what waited: nothing more is taken offline either.
    if (this.revoked) return { result: { ok: false, error: REVOKED } };
    return { result: await this.offline.handle(method, input) };
  }

  /** Deliver what waits, in order; stops at the first record the host does not take (it stays queued). One run at a time. */
  flush(): Promise<void> {
    // Cleared in a callback of its own: a run with nothing to deliver ends before it could be stored.
    this.flushing ??= this.deliverWaiting().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async deliverWaiting(): Promise<void> {
    let delivered = 0;
    try {
      await this.deliverEach(() => delivered++);
    } finally {
      // Delivered records leave the queue: the copy must say where they left people (inside or not) before the link drops again.
      // (A revoked door has no copy to refresh: it identifies no one any more.)
      if (delivered > 0 && !this.revoked) await this.refresh(true);
    }
  }

  private async deliverEach(onDelivered: () => void): Promise<void> {
    for (const e of this.queue.pending()) {
      const r = await this.client.deliver(e);
      if (r instanceof StationError) {
        this.noteRefusal(r.error);
        // The host says the record itself is wrong (it will never take it): kept aside, so the ones after it go on.
        if (r.error.code === 'invalid_input') {
          this.queue.reject(e.id, r.error.messageKey);
          this.log(`door: record ${e.id} refused by the host (${r.error.messageKey}); kept aside in the queue's rejected records`);
          continue;
        }
        if (r.error.messageKey !== 'lan.errors.host_unreachable') this.log(`door: record ${e.id} not taken by the host (${r.error.messageKey}); it stays queued`);
        return;
      }
      this.queue.remove(e.id);
      onDelivered();
      this.log(`door: delivered ${e.kind} of ${e.occurredAt} (${r.outcome})`);
    }
  }

  /** The copy of who may enter, when it is older than the refresh interval (or forced). */
  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.lastSnapshot < SNAPSHOT_REFRESH_MS) return;
    const r = await this.client.doorSnapshot();
    if (r instanceof StationError) return this.noteRefusal(r.error);
    this.queue.saveSnapshot(r.snapshot, r.signature);
    // The host's time as just heard: the offline terminal's time goes on from it, whatever this PC's clock says.
    this.offline.anchorTo(this.client.now());
    this.lastSnapshot = Date.now();
  }

  close(): void {
    this.queue.close();
  }
}
