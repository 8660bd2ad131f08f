import { z } from 'zod';

// Input building blocks. Every string has a maximum length, every object is strict
// (extra keys are refused), so malformed input is a typed error, never a partial write.

/** Trimmed text, required, with a maximum length. */
export const text = (max: number) => z.string().trim().min(1, { message: 'errors.field.required' }).max(max, { message: 'errors.field.too_long' });
/** Optional text: empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: 'errors.field.too_long' })
    .nullish()
    .transform((v) => (v ? v : null));
export const id = z.string().uuid({ message: 'errors.field.invalid' });
export const reason = text(500);
/** An instant: ISO 8601 with offset, e.g. 2026-11-27T09:00:00+09:00 or ...Z. */
export const instant = z.iso.datetime({ offset: true, message: 'errors.field.invalid_datetime' });
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'errors.field.invalid_month' });
export const page = z
  .object({
    page: z.number().int().min(0).max(1_000_000).default(0),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}
