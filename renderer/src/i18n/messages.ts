import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/errors';
import { ROLES } from '../../../shared/domain/roles';

export type MessageParams = Record<string, string | number> | undefined;

/**
 * The text of a message key from the core or a form rule. Role ids in parameters are shown by
 * their names; an unknown key shows the generic message rather than the raw key.
 */
export function useMessage() {
  const { t } = useTranslation();
  return useCallback(
    (messageKey: string, params?: MessageParams): string => {
      const p: Record<string, string | number> = { ...params };
      if (typeof p.role === 'string' && (ROLES as readonly string[]).includes(p.role)) p.role = t(`common.roles.${p.role}`);
      return t(messageKey, { ...p, defaultValue: t('errors.invalid_input') });
    },
    [t],
  );
}

/** The message of an API error. */
export function useErrorMessage() {
  const message = useMessage();
  return useCallback((error: ApiError) => message(error.messageKey, error.params), [message]);
}
