import type { lanContract } from '../../../shared/api/lan-contract';
import { DaichoError } from '../../../shared/api/errors';
import type { Handlers } from '../context';
import { approveAsSafetyManager } from '../auth/account-rules';

export type LanMethodName = keyof typeof lanContract;

/** SPEC §11: the listener, pairing codes and enrolled stations, for the system administrator. */
export const lanHandlers: Handlers<LanMethodName> = {
  'lan.status': (ctx) => ctx.lan.status(),

  'lan.configure': async (ctx, { enabled, address, port }) => {
    const who = ctx.actor();
    // The certificate is made the first time the listener is turned on (its fingerprint journaled).
    if (enabled) await ctx.lan.ensureIdentity(who);
    ctx.store.write(who, (tx) => ctx.settings.set(tx, 'lan.listener', { enabled, address, port }));
    if (ctx.lan.control) await ctx.lan.control();
    else if (enabled) ctx.lan.problem = 'lan.problems.no_shell';
    return ctx.lan.status();
  },

  'stations.pair': async (ctx, { name, profile, siteId, approval }) => {
    if (siteId !== undefined && !ctx.store.rowById('sites', siteId)) throw new DaichoError('not_found', 'errors.not_found', 'siteId');
    // A door terminal records anyone's entries by card and PIN: not the administrator's alone to pair
    // (an insider probe: an administrator paired a door of his own, and it recorded entries for anyone).
    let approvedBy: string | null = null;
    if (profile === 'terminal') {
      if (!approval) throw new DaichoError('invalid_input', 'lan.errors.terminal_approval', 'approval');
      approvedBy = (await approveAsSafetyManager(ctx, approval, { targetId: null })).id;
    }
    return ctx.lan.issuePairing(ctx.actor(), { name, profile, siteId: profile === 'terminal' ? (siteId ?? null) : null, approvedBy });
  },

  'lan.witnessAlarms': (ctx) => ctx.lan.witness.alarms(ctx.now),

  'lan.acknowledgeWitnessAlarm': (ctx, { seq, reason }) => {
    ctx.lan.witness.acknowledge(ctx.actor(), seq, reason);
    return null;
  },

  'stations.enrolled': (ctx) => ctx.lan.list(),

  'stations.revoke': (ctx, { id, reason }) => {
    ctx.lan.revoke(ctx.actor(), id, reason);
    return ctx.lan.list().find((s) => s.id === id)!;
  },

  // The PC that holds the data answers for itself; a station's transport answers before this is reached.
  'station.status': () => ({ mode: 'local' }),
};
