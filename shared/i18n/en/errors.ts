import type { errors as ja } from '../ja/errors';

export const errors: typeof ja = {
  invalid_input: 'Some input is not valid.',
  unknown_method: 'Unknown operation.',
  not_signed_in: 'Please sign in.',
  forbidden: 'You are not allowed to do this.',
  foreign_origin: 'Requests from other pages are refused.',
  session_locked: 'The screen is locked. Enter your password to unlock it.',
  reauth_required: 'Enter your password again to use the admin screens.',
  password_change_required: 'Your password has expired. Please set a new one.',
  not_found: 'Not found.',
  duplicate: 'That value is already registered.',
  no_change: 'Nothing was changed.',
  disk_full: 'The disk is full. Nothing was saved.',
  internal: 'Something unexpected went wrong. Nothing was saved.',
  field: {
    required: 'Required.',
    required_choice: 'Choose one.',
    too_long: 'Too long.',
    too_short: 'Too short.',
    invalid: 'Not in the right format.',
    invalid_type: 'Wrong kind of value.',
    unknown_key: 'Unknown field.',
    invalid_datetime: 'Not a valid date and time.',
    invalid_date: 'Not a valid date.',
    invalid_month: 'Not a valid month (e.g. 2026-11).',
  },
};
