import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/errors';
import { isRole } from '../../../shared/domain/roles';
import type { MessageKey } from '../../../shared/i18n';

export type MessageParams = Record<string, string | number> | undefined;

/**
 * The text of a message key from the core or a form rule. Role ids in parameters are shown by
 * their names. Keys that arrive at run time are checked where they arrive (the client for the
 * core's errors, `decodeMessage` for a form's), so every key here is one of the catalogs'.
 */
export function useMessage() {
  const { t } = useTranslation();
  return useCallback(
    (messageKey: MessageKey, params?: MessageParams): string => {
      const p: Record<string, string | number> = { ...params };
      if (isRole(p.role)) p.role = t(`common.roles.${p.role}`);
      return t(messageKey, p);
    },
    [t],
  );
}

/** The message of an API error. */
export function useErrorMessage() {
  const message = useMessage();
  return useCallback((error: ApiError) => message(error.messageKey, error.params), [message]);
}
