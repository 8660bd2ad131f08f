import { z } from 'zod';
import { method } from './kit';
import { reason, secret, msg } from './schemas';
import { approval } from './core-contract';

// A record changed outside Daicho (with the database key) is refused by every write and named by verify
// (issue 7). A system administrator looks it up by the history number the refusal or verify names (or,
// for a record added outside Daicho, by its ID), sees how it differs from its history, and accepts it as
// found with a reason, her own password and a safety manager's approval: the record is journaled as it
// stands, and verify holds the act to that approval.

/** The tables a record changed outside Daicho can be in, with a name for people (outside.tables.*). */
export const OUTSIDE_TABLES = [
  'people', 'server_room_stays', 'sites', 'accounts', 'settings', 'stations', 'authorizations', 'door_credentials', 'reviewer_designations', 'signing_keys',
  'review_dispositions', 'seals', 'sealed_changes', 'lan_stations', 'door_deliveries', 'door_pin_reports', 'cleared_anomalies', 'setting_versions', 'door_refusals',
  'account_notices', 'known_device_guards', 'access_log_checks', 'asset_checkouts', 'assets', 'cabinet_sessions', 'cabinets', 'guest_cards', 'last_exit_checks',
  'log_systems', 'visitor_visits', 'password_history', 'retention_kept_outside',
] as const;

export interface OutsideField {
  column: string;
  /** As its history's last entry has it (null: empty, or erased). */
  journaled: string | null;
  /** As it stands now. */
  found: string | null;
  /** A personal field: its history value is the one kept for the history (gone once erased). */
  personal: boolean;
  /** A reference: the name of the record each value points to (null: none, or not a reference). */
  journaledName: string | null;
  foundName: string | null;
}

export type OutsideTable = (typeof OUTSIDE_TABLES)[number];

export interface OutsideRecord {
  table: OutsideTable;
  id: string;
  /** The record's latest history entry (0: none: added outside Daicho). */
  seq: number;
  /** A fingerprint of the record as found (sha256 of its journal form): the act accepts exactly this. */
  form: string;
  /** The fields that differ from the history's last entry. */
  fields: OutsideField[];
  /** An upgrade found it changed and left it as found, without what it wrote to the other records: accepted, it stays so. */
  migrationSkipped: boolean;
}

/** A record's ID as Daicho makes them (a UUID), or as one added outside Daicho may be: letters, digits and - _ . : */
const RECORD_ID = /^[0-9A-Za-z][0-9A-Za-z_.:-]*$/;

const ref = z
  .string()
  .trim()
  .min(1, msg('errors.field.required'))
  .max(80, msg('errors.field.too_long'))
  .refine((v) => /^\d{1,10}$/.test(v) || RECORD_ID.test(v), msg('outside.errors.ref_format'));

export const outsideContract = {
  /** Look up a record by a history number (digits) or a record ID, and say how it differs from its history. */
  'outside.find': method<OutsideRecord>()({ input: z.object({ ref }).strict(), access: ['sysadmin'], elevated: true }),
  /** Accept it as found: the administrator's password and a safety manager's approval (no one person can rewrite the evidence). */
  'outside.accept': method<{ seq: number }>()({
    input: z
      .object({
        table: z.enum(OUTSIDE_TABLES),
        id: z.string().min(1, msg('errors.field.required')).max(80, msg('errors.field.too_long')).regex(RECORD_ID, msg('errors.field.invalid')),
        seq: z.number().int().min(0),
        form: z.string().regex(/^[0-9a-f]{64}$/, msg('errors.field.invalid')),
        reason,
        password: secret(),
        approval,
      })
      .strict(),
    access: ['sysadmin'],
    elevated: true,
  }),
} as const;
