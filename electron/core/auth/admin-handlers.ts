import { readableSites, siteScoped } from './site-scope';
import { grantsEntry } from '../ledgers/people/authorizations';
import { DaichoError } from '../../../shared/api/errors';
import { PRIVILEGED_ROLES, type Role } from '../../../shared/domain/roles';
import { DELETION_WITHIN_DAYS, type SettingsInfo, type SiteInfo } from '../../../shared/api/core-contract';
import { jstDate } from '../../../shared/calendar';
import { addDays } from '../../../shared/dates';
import { requireSession, type HandlerContext, type Handlers } from '../context';
import type { JournalRow } from '../journal/journal';
import { journalAbout } from '../journal/journal-about';
import { getAccount, rolesOf, toAccountInfo, type AccountRow } from './accounts-repo';
import { approveAsSafetyManager, approvePersonLink, approverStands, approvePrivilegedGrant, approversFor, checkNewAccount, refuseNameTaken, refuseTaken, resetApprovalNeeded, signs } from './account-rules';
import { addNotice } from './notices';
import type { Tx } from '../store/store';
import { hashSecret } from './passwords';
import { retirePassword } from './password-history';
import { revokeOnReset } from '../review/keys';
import { passwordProblem } from '../../../shared/domain/password-policy';
import { credentialOf, DOOR_CREDENTIALS_TABLE } from '../ledgers/server-room/door-credentials';
import { actorLookup, historyOf } from '../record-history';
import { settingsHistory } from '../settings-history';
import type { SettingValues } from '../settings';


/** An account as the caller sees it, with what its reset would need from this caller, and who made it when. */
function info(ctx: HandlerContext, row: AccountRow, approvers = approversFor(ctx.store, requireSession(ctx).accountId), actorOf = actorLookup(ctx.store)) {
  // Its first row of the journal, by the index of rows by record (the setup's accounts name no account).
  const maker = ctx.store.stmt("SELECT actor FROM journal WHERE kind = 'row' AND entity = 'accounts' AND entity_id = ? ORDER BY seq LIMIT 1").pluck().get(row.id) as string | undefined;
  const by = maker ? actorOf(maker) : { name: null, loginId: null };
  return { ...toAccountInfo(row, resetApprovalNeeded(row, approvers, signs(ctx.store, row))), created: { at: row.created_at, byName: by.name, byLoginId: by.loginId } };
}

function mustGetAccount(store: Parameters<typeof getAccount>[0], id: string): AccountRow {
  const row = getAccount(store, id);
  if (!row) throw new DaichoError('not_found', 'errors.not_found', 'id');
  return row;
}

/** Someone must always be able to administer and to approve: keep one active holder of each. */
function assertPrivilegedHoldersRemain(store: Parameters<typeof getAccount>[0], changingId: string, newRoles: Role[] | null): void {
  const rows = store.stmt("SELECT * FROM accounts WHERE status = 'active'").all() as AccountRow[];
  for (const role of PRIVILEGED_ROLES) {
    const holders = rows.filter((r) => (r.id === changingId ? (newRoles ?? []) : rolesOf(r)).includes(role));
    if (holders.length === 0) throw new DaichoError('conflict', 'accounts.errors.last_privileged', 'roles', { role });
  }
}

function settingsInfo(ctx: HandlerContext): SettingsInfo {
  return {
    companyName: ctx.settings.get('company.name'),
    idleLockMinutes: ctx.settings.get('auth.idleLockMinutes'),
    backupWarnAfterDays: ctx.settings.get('backup.warnAfterDays'),
    reviewDueDay: ctx.settings.get('review.dueDay'),
    stampLabels: ctx.settings.get('print.stampLabels'),
  };
}


/**
 * The clerk role records every ledger for anyone and changes the people register: its grant needs no
 * approval, but every active safety manager (not the one who granted it) is told, by whom and to whom
 * — an insider probe: an administrator made up a clerk account, signed in with the password he had
 * set, and as that clerk added a person with server-room entry; no one was told. One she approved she
 * is told of already (approval_used).
 */
function tellOfClerkGrant(ctx: HandlerContext, tx: Tx, accountId: string, added: readonly Role[], approvedBy: string | null, reason: string | null = null): void {
  if (!added.includes('clerk') || approvedBy) return;
  const actorId = ctx.actor().actor;
  const managers = (ctx.store.stmt("SELECT * FROM accounts WHERE status = 'active'").all() as AccountRow[]).filter((r) => rolesOf(r).includes('safety_manager') && r.id !== actorId);
  // One no person of the register stands behind (a probe: an administrator made such a clerk and, as it,
  // voided his own stay and gave himself a cabinet): she is told so, with what it can do unseen.
  const noPerson = !getAccount(ctx.store, accountId)?.person_id;
  for (const m of managers) addNotice(ctx.store, tx, { accountId: m.id, kind: 'clerk_granted', actorId, aboutId: accountId, detail: { roles: [...added], ...(noPerson ? { noPerson: true } : {}) }, reason });
}

export const adminHandlers: Pick<
  Handlers,
  'accounts.list' | 'accounts.create' | 'accounts.setRoles' | 'accounts.setPerson' | 'accounts.suspend' | 'accounts.reactivate' | 'accounts.resetPassword' | 'accounts.history' | 'history.get' | 'sites.list' | 'settings.get' | 'settings.update' | 'settings.history'
> = {
  'accounts.list': (ctx) => {
    const approvers = approversFor(ctx.store, requireSession(ctx).accountId); // read once for the whole list
    const actorOf = actorLookup(ctx.store);
    return (ctx.store.stmt('SELECT * FROM accounts ORDER BY status, login_id').all() as AccountRow[]).map((r) => info(ctx, r, approvers, actorOf));
  },

  'accounts.create': async (ctx, input) => {
    checkNewAccount(ctx.store, input.loginId, input.displayName, input.password, '', input.personId ?? null);
    if (input.personId) {
      const person = ctx.store.rowById('people', input.personId);
      if (!person) throw new DaichoError('invalid_input', 'errors.not_found', 'personId');
      // An account is for someone who works here: not for a person who has left.
      if (person.active !== 1) throw new DaichoError('invalid_input', 'errors.person_left', 'personId', { name: String(person.name) });
    }
    // One person, one account (SPEC §2, Art. 16(3)): whoever is linked acts as that person at the door.
    const personLinked = () => {
      const other = input.personId ? (ctx.store.stmt('SELECT login_id FROM accounts WHERE person_id = ?').get(input.personId) as { login_id: string } | undefined) : undefined;
      if (other) throw new DaichoError('conflict', 'accounts.errors.person_linked', 'personId', { loginId: other.login_id });
    };
    personLinked();
    const granted = await approvePrivilegedGrant(ctx, input.roles, input.approval, null);
    // Linked to a person at once: an administrator needs a safety manager's approval (one approval serves both).
    const approvedBy = input.personId ? await approvePersonLink(ctx, input.approval, null, granted) : granted;
    const hash = await hashSecret(input.password);
    const now = ctx.now.toISOString();
    const id = ctx.store.newId();
    ctx.store.write(ctx.actor(), (tx) => {
      // Again inside the act (the approval's password check and the hash wait): two creations at once
      // cannot both link the person; a person who left meanwhile gets no account; an approver
      // suspended meanwhile approves nothing (an insider probe).
      personLinked();
      refuseTaken(ctx.store, input.loginId, input.displayName);
      if (input.personId && ctx.store.rowById('people', input.personId)?.active !== 1) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'personId');
      approverStands(ctx.store, approvedBy);
      tx.insert(
        'accounts',
        {
          id, login_id: input.loginId, display_name: input.displayName, person_id: input.personId ?? null,
          roles: JSON.stringify([...new Set(input.roles)]), roles_approved_by: approvedBy, status: 'active', planned_deletion_on: null,
          // A password set by an administrator is temporary: the person changes it at first sign-in.
          password_hash: hash, password_changed_at: now, must_change_password: 1, failed_count: 0, locked_until: null, created_at: now,
        },
        { action: 'accounts.create', reason: granted ? 'privileged roles approved by safety manager' : approvedBy ? 'person link approved by safety manager' : null },
      );
      if (approvedBy) addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId: ctx.actor().actor, approvedBy, aboutId: id, detail: { action: 'accounts.create', roles: input.roles, ...(input.personId ? { personId: input.personId } : {}) } });
      tellOfClerkGrant(ctx, tx, id, input.roles, approvedBy);
    });
    return info(ctx, getAccount(ctx.store, id)!);
  },

  'accounts.setRoles': async (ctx, { id, roles, reason, approval }) => {
    const row = mustGetAccount(ctx.store, id);
    const before = rolesOf(row);
    const next = [...new Set(roles)];
    assertPrivilegedHoldersRemain(ctx.store, id, next);
    const added = next.filter((r) => !before.includes(r));
    const actorId = ctx.actor().actor;
    const approvedBy = await approvePrivilegedGrant(ctx, added, approval, id, id === actorId);
    ctx.store.write(ctx.actor(), (tx) => {
      // Again inside the act, after the approval's password check: the roles as they were read, a
      // holder of each privileged role left, the approver still one (an insider probe: two changes at
      // once, or a change and a suspension, left no system administrator or no safety manager).
      if (JSON.stringify(rolesOf(mustGetAccount(ctx.store, id))) !== JSON.stringify(before)) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'roles');
      assertPrivilegedHoldersRemain(ctx.store, id, next);
      approverStands(ctx.store, approvedBy);
      // The sites a site head signs for are the safety manager's to set (accounts.setSites): they go
      // with the role, and a site head granted again has none until she sets them (found by an insider
      // probe: an administrator took the role away and gave it back, and the account signed again).
      const sites = before.includes('site_head') !== next.includes('site_head') && row.site_ids && row.site_ids !== '[]' ? { site_ids: '[]' } : ({} as Record<string, never>);
      tx.update('accounts', id, { roles: JSON.stringify(next), ...sites, ...(approvedBy ? { roles_approved_by: approvedBy } : {}) }, { action: 'accounts.set_roles', reason });
      const detail = { before, after: next };
      if (id !== actorId) addNotice(ctx.store, tx, { accountId: id, kind: 'roles_changed', actorId, approvedBy, detail, reason });
      if (approvedBy) addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId, approvedBy, aboutId: id, detail: { action: 'accounts.set_roles', ...detail }, reason });
      tellOfClerkGrant(ctx, tx, id, added, approvedBy, reason);
    });
    // Roles apply from the next sign-in. A door kiosk the account started at a desk PC acts with no role
    // of its own (as a door paired over the LAN): it keeps serving the door (an insider probe).
    ctx.sessions.deleteAccount(id, 'desk');
    return info(ctx, getAccount(ctx.store, id)!);
  },

  'accounts.setPerson': async (ctx, { id, personId, reason, approval }) => {
    const row = mustGetAccount(ctx.store, id);
    const actorId = requireSession(ctx).accountId;
    // Whoever is linked to a person sets that person's door PIN and records their stays: not oneself.
    if (id === actorId) throw new DaichoError('forbidden', 'accounts.errors.link_self', 'id');
    const checkPerson = () => {
      if (personId === null) return;
      const person = ctx.store.rowById('people', personId);
      if (!person) throw new DaichoError('invalid_input', 'errors.not_found', 'personId');
      if (person.active !== 1) throw new DaichoError('invalid_input', 'errors.person_left', 'personId', { name: String(person.name) });
      const other = ctx.store.stmt('SELECT login_id FROM accounts WHERE person_id = ? AND id <> ?').get(personId, id) as { login_id: string } | undefined;
      if (other) throw new DaichoError('conflict', 'accounts.errors.person_linked', 'personId', { loginId: other.login_id });
      // Not to a person holding entry this account granted: a grant made before the link was a grant to
      // oneself all the same (a review of refuseSelfGrant: grant first, be linked after).
      if (!grantsEntry(row.roles) && ctx.store.stmt('SELECT 1 FROM authorizations WHERE person_id = ? AND granted_by = ? AND valid_to IS NULL').get(personId, id))
        throw new DaichoError('conflict', 'accounts.errors.link_own_grant', 'personId', { name: String(person.name) });
    };
    checkPerson();
    if (row.person_id === personId) return info(ctx, row);
    // Linking or unlinking: an administrator needs a safety manager's approval (account-rules.ts).
    // (The approver may be the account's own holder: a safety manager saying this person is them.)
    // Unlinking too: the link says which records are a reviewer's own (Art. 9), and an administrator
    // alone unlinked a site head, who then disposed of their own stay's anomaly (an insider probe).
    // Unlinking, the approver is not the account's own holder: a safety manager does not free her own
    // records from being her own (a review of the change).
    const approvedBy = await approvePersonLink(ctx, approval, personId === null ? id : null);
    ctx.store.write(ctx.actor(), (tx) => {
      // Again inside the act (the approval's password check waits): two links at once cannot both take the person.
      checkPerson();
      if (mustGetAccount(ctx.store, id).person_id !== row.person_id) throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
      approverStands(ctx.store, approvedBy);
      tx.update('accounts', id, { person_id: personId }, { action: 'accounts.set_person', reason });
      if (approvedBy) addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId, approvedBy, aboutId: id, detail: { action: 'accounts.set_person', before: row.person_id, after: personId }, reason });
      // A door PIN set through the old link is not the new holder's to use: it is cleared, on both people.
      for (const pid of [row.person_id, personId]) {
        const credential = pid ? credentialOf(ctx.store, pid) : undefined;
        if (credential?.pin_hash)
          tx.update(DOOR_CREDENTIALS_TABLE, credential.id, { pin_hash: null, pin_failed_count: 0, pin_locked_until: null }, { action: 'accounts.set_person.clear_pin', reason });
      }
      addNotice(ctx.store, tx, { accountId: id, kind: 'person_linked', actorId, detail: { before: row.person_id, after: personId }, reason });
    });
    return info(ctx, getAccount(ctx.store, id)!);
  },

  'accounts.reactivate': async (ctx, { id, reason, approval }) => {
    const row = mustGetAccount(ctx.store, id);
    if (row.status !== 'suspended') throw new DaichoError('conflict', 'accounts.errors.not_suspended', 'id');
    // Art. 16(5): a suspended ID is kept until its planned deletion date, not taken back into use after
    // it (insider probe 11: months later the administrator alone brought one back, the date cleared).
    if (row.planned_deletion_on !== null && row.planned_deletion_on < jstDate(ctx.now)) throw new DaichoError('conflict', 'accounts.errors.past_deletion', 'id', { date: row.planned_deletion_on });
    const checks = () => {
      // For someone who works here still; under a name no other active account has taken meanwhile.
      const person = row.person_id ? ctx.store.rowById('people', row.person_id) : undefined;
      if (person && person.active !== 1) throw new DaichoError('conflict', 'errors.person_left', 'id', { name: String(person.name) });
      refuseNameTaken(ctx.store, row.display_name, id, 'id');
    };
    checks();
    const actorId = ctx.actor().actor;
    // Its roles come back as if granted anew: a privileged one only with a safety manager's approval —
    // and so does any other: an ID taken back into use is access granted anew (a review: an
    // administrator alone brought back his own suspended site-head account, whose password he knew;
    // insider probe 12: alone, he kept a left employee's ID for ever, taking it back and suspending it
    // again on each planned deletion date).
    let approvedBy = await approvePrivilegedGrant(ctx, rolesOf(row), approval, id);
    if (!approvedBy) {
      if (!approval) throw new DaichoError('invalid_input', 'accounts.errors.approval_required', 'approval');
      approvedBy = (await approveAsSafetyManager(ctx, approval, { targetId: id })).id;
    }
    ctx.store.write(ctx.actor(), (tx) => {
      // Again inside the act (the approval's password check waits).
      if (mustGetAccount(ctx.store, id).status !== 'suspended') throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
      checks();
      approverStands(ctx.store, approvedBy);
      tx.update('accounts', id, { status: 'active', planned_deletion_on: null, ...(approvedBy ? { roles_approved_by: approvedBy } : {}) }, { action: 'accounts.reactivate', reason });
      if (approvedBy) addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId, approvedBy, aboutId: id, detail: { action: 'accounts.reactivate', roles: rolesOf(row) }, reason });
    });
    return info(ctx, getAccount(ctx.store, id)!);
  },

  'accounts.suspend': (ctx, { id, reason, plannedDeletionOn }) => {
    const row = mustGetAccount(ctx.store, id);
    if (row.id === requireSession(ctx).accountId) throw new DaichoError('conflict', 'accounts.errors.suspend_self', 'id');
    if (row.status === 'suspended') throw new DaichoError('conflict', 'accounts.errors.already_suspended', 'id');
    if (plannedDeletionOn < jstDate(ctx.now)) throw new DaichoError('invalid_input', 'accounts.errors.deletion_in_past', 'plannedDeletionOn');
    // Art. 16(5): deleted promptly, or by a date set beforehand; not "never" (an insider probe set 2999-12-31).
    if (plannedDeletionOn > addDays(jstDate(ctx.now), DELETION_WITHIN_DAYS)) throw new DaichoError('invalid_input', 'accounts.errors.deletion_too_far', 'plannedDeletionOn', { days: DELETION_WITHIN_DAYS });
    assertPrivilegedHoldersRemain(ctx.store, id, []);
    // Art. 16(5): never deleted while records reference it; suspended with a planned deletion date.
    ctx.store.write(ctx.actor(), (tx) =>
      tx.update('accounts', id, { status: 'suspended', planned_deletion_on: plannedDeletionOn }, { action: 'accounts.suspend', reason }),
    );
    ctx.sessions.deleteAccount(id);
    return info(ctx, getAccount(ctx.store, id)!);
  },

  // Issue 6: a reset hands the account to whoever knows the temporary password, so a system
  // administrator's or safety manager's needs a safety manager's approval (or the recovery code where
  // no other safety manager can give it), and the holder is told at next sign-in, by whom and why.
  'accounts.resetPassword': async (ctx, { id, temporaryPassword, reason, approval }) => {
    const row = mustGetAccount(ctx.store, id);
    const actorId = requireSession(ctx).accountId;
    if (id === actorId) throw new DaichoError('conflict', 'accounts.errors.reset_self', 'id');
    const problem = passwordProblem(temporaryPassword, row.login_id, row.display_name);
    if (problem) throw new DaichoError('invalid_input', problem, 'temporaryPassword');
    const needs = resetApprovalNeeded(row, approversFor(ctx.store, actorId), signs(ctx.store, row));
    let approvedBy: string | null = null;
    if (needs !== 'none') {
      if (!approval) throw new DaichoError('invalid_input', 'accounts.errors.reset_approval_required', 'approval');
      if (approval.recoveryCode !== undefined) {
        if (needs !== 'recovery_code') throw new DaichoError('invalid_input', 'accounts.errors.recovery_code_not_needed', 'approval.recoveryCode');
        if (!(await ctx.checkRecoveryCode(approval.recoveryCode))) {
          ctx.store.write(ctx.actor(), (tx) => tx.event('accounts.reset_password.recovery_code_wrong', 'accounts', id));
          throw new DaichoError('invalid_input', 'accounts.errors.recovery_code_wrong', 'approval.recoveryCode');
        }
        approvedBy = 'recovery_code';
      } else {
        approvedBy = (await approveAsSafetyManager(ctx, { approverLoginId: approval.approverLoginId!, approverPassword: approval.approverPassword! }, { targetId: id })).id;
      }
    }
    const hash = await hashSecret(temporaryPassword);
    ctx.store.write(ctx.actor(), (tx) => {
      // Again inside the act, after the waits: what the reset needs as the account is now (an insider
      // probe: linked to a person meanwhile, it needed a safety manager's approval the reset never asked),
      // and the approver still one.
      const target = mustGetAccount(ctx.store, id);
      if (needs === 'none' && resetApprovalNeeded(target, approversFor(ctx.store, actorId), signs(ctx.store, target)) !== 'none') throw new DaichoError('conflict', 'errors.changed_meanwhile', 'id');
      approverStands(ctx.store, approvedBy);
      // The holder's own password is kept in their history (password-history.ts): their next own one is held to those before the reset.
      if (target.must_change_password !== 1) retirePassword(tx, id, target.password_hash, 'accounts.reset_password');
      tx.update(
        'accounts',
        id,
        { password_hash: hash, password_changed_at: ctx.now.toISOString(), must_change_password: 1, failed_count: 0, locked_until: null },
        { action: 'accounts.reset_password', reason },
      );
      addNotice(ctx.store, tx, { accountId: id, kind: 'password_reset', actorId, approvedBy, reason });
      // Whoever set this password must not sign as the holder (SPEC §5): the holder's signing key is
      // revoked; their next own password makes a new one.
      revokeOnReset(ctx.store, tx, id, actorId);
      // A fresh start for every device's lock lane of the account, too.
      for (const g of ctx.store.stmt('SELECT id, failed_count, locked_until FROM known_device_guards WHERE account_id = ?').all(id) as { id: string; failed_count: number; locked_until: string | null }[])
        if (g.failed_count > 0 || g.locked_until) tx.update('known_device_guards', g.id, { failed_count: 0, locked_until: null }, { action: 'accounts.reset_password.clear_lock' });
      if (approvedBy && approvedBy !== 'recovery_code')
        addNotice(ctx.store, tx, { accountId: approvedBy, kind: 'approval_used', actorId, approvedBy, aboutId: id, detail: { action: 'accounts.reset_password' }, reason });
      // The recovery code is the company's last key: every safety manager and administrator but the one
      // who used it hears that it was used.
      if (approvedBy === 'recovery_code')
        for (const r of ctx.store.stmt("SELECT * FROM accounts WHERE status = 'active'").all() as AccountRow[])
          if (r.id !== id && r.id !== actorId && rolesOf(r).some((x) => PRIVILEGED_ROLES.includes(x)))
            addNotice(ctx.store, tx, { accountId: r.id, kind: 'recovery_code_used', actorId, approvedBy, aboutId: id, detail: { action: 'accounts.reset_password' }, reason });
    });
    // Signed out at every desk; a door kiosk it started keeps serving the door, as after a change of roles.
    ctx.sessions.deleteAccount(id, 'desk');
    return info(ctx, getAccount(ctx.store, id)!);
  },

  'history.get': (ctx, { entity, id }) => {
    // A site head reads the history of their own sites' stays only (auth/site-scope.ts).
    const sites = entity === 'server_room_stays' && ctx.session ? readableSites(ctx.store, ctx.session, ctx.now, 'serverRoom') : null;
    if (sites) {
      const stay = ctx.store.rowById('server_room_stays', id);
      if (stay && !sites.includes(String(stay.site_id))) throw new DaichoError('not_found', 'errors.not_found', 'id');
    }
    // …and of a person, the door's acts at their own sites only: a refusal at another site's server-room
    // door is that site's server-room ledger (an insider probe: the Osaka head read the head office's).
    const doorSites = entity === 'people' && ctx.session ? readableSites(ctx.store, ctx.session, ctx.now, 'serverRoom') : null;
    const entries = historyOf(ctx, entity, id);
    if (!doorSites) return entries;
    const siteByCode = new Map((ctx.store.stmt('SELECT code, id FROM sites').all() as { code: string; id: string }[]).map((r) => [r.code, r.id]));
    // A door act whose site cannot be told is not shown (a review: wrong PINs and locks carry no site but their station's).
    return entries.filter((e) => {
      if (!e.action.startsWith('terminal.')) return true;
      const site = doorSiteOf(e, siteByCode);
      return site !== null && doorSites.includes(site);
    });
  },

  // Account history holds sign-in failures and lock state: for administrators and every safety
  // manager (who must be able to see what was done to their own and others' accounts, issue 6).
  // With the account's row: its device lanes' failures and locks, and its notices (made and read).
  'accounts.history': (ctx, { id }) =>
    historyOf(
      ctx,
      'accounts',
      id,
      ctx.store
        .stmt(
          `${journalAbout("'accounts'", '= @id')}
           UNION ALL ${journalAbout("'known_device_guards'", 'IN (SELECT id FROM known_device_guards WHERE account_id = @id)')}
           UNION ALL ${journalAbout("'account_notices'", 'IN (SELECT id FROM account_notices WHERE account_id = @id)')}
           ORDER BY seq`,
        )
        .all({ id }) as JournalRow[],
    ),

  'sites.list': (ctx, { readableFor }) => {
    const sites = ctx.store.stmt('SELECT id, code, name, kind FROM sites ORDER BY sort_order').all() as SiteInfo[];
    // A register (assets, cabinets…) is read at every site: its filter offers them all (a review).
    const readable = readableFor && siteScoped(readableFor) ? readableSites(ctx.store, requireSession(ctx), ctx.now, readableFor) : null;
    return readable ? sites.filter((s) => readable.includes(s.id)) : sites;
  },

  'settings.get': (ctx) => settingsInfo(ctx),

  'settings.update': (ctx, input) => {
    const reason = input.reason ?? undefined;
    ctx.store.write(ctx.actor(), (tx) => {
      // Only what changes: the page sends every field, and a default saved as it is was no one's change (it read 既定値 → 10日 in the history).
      let changed = 0;
      const change = <K extends 'company.name' | 'auth.idleLockMinutes' | 'backup.warnAfterDays' | 'review.dueDay' | 'print.stampLabels'>(key: K, value: SettingValues[K] | undefined) => {
        if (value === undefined || value === ctx.settings.get(key)) return;
        ctx.settings.set(tx, key, value, reason);
        changed++;
      };
      change('company.name', input.companyName);
      change('auth.idleLockMinutes', input.idleLockMinutes);
      change('backup.warnAfterDays', input.backupWarnAfterDays);
      change('review.dueDay', input.reviewDueDay);
      change('print.stampLabels', input.stampLabels?.split(/[、,]/).map((l) => l.trim()).join('、'));
      // Nothing changed: said, rather than "saved" with the reason dropped (a probe), as a ledger's settings do.
      if (changed === 0) throw new DaichoError('invalid_input', 'errors.no_change');
    });
    return settingsInfo(ctx);
  },

  'settings.history': (ctx) => settingsHistory(ctx),
};

/**
 * The site of a door terminal's act in a person's history: its event's siteId, else the site whose code
 * its door's station names (`terminal:<code>:…`: an offline refusal; a wrong PIN or a lock, whose rows
 * are the person's credential and hold the person's own site, not the door's); null when none says.
 */
function doorSiteOf(e: { after: Record<string, unknown> | null; station: string }, siteByCode: ReadonlyMap<string, string>): string | null {
  if (typeof e.after?.siteId === 'string') return e.after.siteId;
  const code = /^terminal:([^:]+):/.exec(e.station)?.[1];
  return code === undefined ? null : (siteByCode.get(code) ?? null);
}
