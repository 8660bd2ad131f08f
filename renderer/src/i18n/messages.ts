import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/errors';
import { isRole } from '../../../shared/domain/roles';
import { isMessageKey, type Language, type MessageKey } from '../../../shared/i18n';
import { formatDate, formatDateTime, formatMonth, isPlainDate } from '../../../shared/dates';

export type MessageParams = Record<string, string | number> | undefined;

/** A month (YYYY-MM): said as one (令和8年10月). */
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The text of a message key from the core or a form rule, in the language on screen. The core
 * sends parameters as data, not words: role ids are shown by their names, a parameter that is
 * itself a message key (a state, 'assets.values.state.lost') by its text, a month (YYYY-MM) as one, an instant as a date
 * and time and a day (YYYY-MM-DD) as a date (和暦 in Japanese). Keys that arrive at run time are checked where they arrive (the
 * client for the core's errors, `decodeMessage` for a form's), so every key here is one of the
 * catalogs'.
 */
export function useMessage() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (messageKey: MessageKey, params?: MessageParams): string => {
      const lang = (i18n.resolvedLanguage ?? 'ja') as Language;
      const p: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(params ?? {})) {
        if (k === 'role' && isRole(v)) p[k] = t(`common.roles.${v}`);
        else if (typeof v === 'string' && isMessageKey(v)) p[k] = t(v);
        else if (typeof v === 'string' && INSTANT.test(v)) p[k] = formatDateTime(v, lang, { timeZone: 'Asia/Tokyo' });
        else if (typeof v === 'string' && isPlainDate(v)) p[k] = formatDate(v, lang);
        else if (typeof v === 'string' && MONTH.test(v)) p[k] = formatMonth(v, lang);
        else p[k] = v;
      }
      return t(messageKey, p);
    },
    [t, i18n],
  );
}

/** The message of an API error. */
export function useErrorMessage() {
  const message = useMessage();
  return useCallback((error: ApiError) => message(error.messageKey, error.params), [message]);
}
