import { DaichoError } from '../../../shared/api/errors';
import { jstMonth } from '../../../shared/calendar';
import type { Handlers } from '../context';
import { checkNewAccount, refuseTaken } from './account-rules';
import { readsAlike } from '../../../shared/search';
import { hashSecret } from './passwords';

export function needsSetup(store: Parameters<Handlers['setup.status']>[0]['store']): boolean {
  return !store.stmt('SELECT 1 FROM accounts LIMIT 1').get();
}

export const setupHandlers: Pick<Handlers, 'setup.status' | 'setup.run'> = {
  'setup.status': (ctx) => ({ needsSetup: needsSetup(ctx.store), companyName: ctx.settings.get('company.name') || null }),

  // SPEC §2 first run: company, sites, the first system administrator and safety manager.
  'setup.run': async (ctx, input) => {
    if (!needsSetup(ctx.store)) throw new DaichoError('setup_done', 'setup.errors.done');
    // Sites told apart as a person reads them, their codes as every register's (a probe: OSK and O-SK, and
    // a second 本社, went in, and no screen can change a site after setup).
    const alike = (values: string[]) => values.findIndex((v, i) => values.findIndex((w) => readsAlike(w) === readsAlike(v)) !== i);
    const dupCode = alike(input.sites.map((s) => s.code));
    if (dupCode >= 0) throw new DaichoError('invalid_input', 'setup.errors.site_code_duplicate', `sites.${dupCode}.code`);
    const dupName = alike(input.sites.map((s) => s.name));
    if (dupName >= 0) throw new DaichoError('invalid_input', 'setup.errors.site_name_duplicate', `sites.${dupName}.name`);
    checkNewAccount(ctx.store, input.sysadmin.loginId, input.sysadmin.displayName, input.sysadmin.password, 'sysadmin.');
    checkNewAccount(ctx.store, input.safetyManager.loginId, input.safetyManager.displayName, input.safetyManager.password, 'safetyManager.');
    if (input.sysadmin.loginId.toLowerCase() === input.safetyManager.loginId.toLowerCase())
      throw new DaichoError('invalid_input', 'setup.errors.same_login_id', 'safetyManager.loginId');
    const [adminHash, smHash] = [await hashSecret(input.sysadmin.password), await hashSecret(input.safetyManager.password)];
    const now = ctx.now.toISOString();
    const actor = { actor: 'setup', station: ctx.station };
    ctx.store.write(actor, (tx) => {
      // Checked again inside the write: two setups sent at once (two tabs) cannot both run.
      if (!needsSetup(ctx.store)) throw new DaichoError('setup_done', 'setup.errors.done');
      ctx.settings.set(tx, 'company.name', input.companyName);
      // The ledgers start here this month: the first monthly review is this month's, not the month
      // before (reviewed on paper; a fresh data folder's migration 13 put the month before it).
      ctx.settings.set(tx, 'review.since', jstMonth(ctx.now));
      input.sites.forEach((s, i) =>
        tx.insert('sites', { id: ctx.store.newId(), code: s.code, name: s.name, kind: i === 0 ? 'head' : 'branch', sort_order: i, created_at: now }, { action: 'setup.site' }),
      );
      // Whoever runs the wizard types both first passwords: each holder sets their own at the first
      // sign-in (Art. 17), and until then the password approves nothing (issue 6, Art. 15). The first
      // roles were granted by the setup itself, not approved by anyone.
      const account = (a: typeof input.sysadmin, hash: string, role: string) =>
        tx.insert(
          'accounts',
          {
            id: ctx.store.newId(), login_id: a.loginId, display_name: a.displayName, person_id: null, roles: JSON.stringify([role]),
            roles_approved_by: 'setup', status: 'active', planned_deletion_on: null, password_hash: hash,
            password_changed_at: now, must_change_password: 1, failed_count: 0, locked_until: null, created_at: now,
          },
          { action: 'setup.account' },
        );
      account(input.safetyManager, smHash, 'safety_manager');
      // The two first accounts are compared with each other as any new one is with those there (ids
      // and names alike: a review of insider probe 9 found setup took 鈴木 花子 twice).
      refuseTaken(ctx.store, input.sysadmin.loginId, input.sysadmin.displayName, 'sysadmin.');
      account(input.sysadmin, adminHash, 'sysadmin');
    });
    const recoveryCode = await ctx.issueRecoveryCode();
    ctx.store.write(actor, (tx) => tx.event('setup.recovery_code_issued', 'settings', null));
    return { recoveryCode };
  },
};
