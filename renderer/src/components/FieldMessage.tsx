import { AlertCircle } from 'lucide-react';
import { decodeMessage } from '../forms/errors';
import { useMessage } from '../i18n/messages';

/**
 * A field's error: the message key from the schema or the core, shown in the current language.
 * `choice`: the control is a select, so a missing value is "choose one", not "type something".
 */
export function FieldMessage({ id, message, choice, unreadable }: { id?: string; message?: string; choice?: boolean; /** What a missing value really is: typed, but not readable by the control. */ unreadable?: 'errors.field.incomplete_date' | 'errors.field.invalid' }) {
  const text = useMessage();
  if (!message) return null;
  const decoded = decodeMessage(message);
  const { params } = decoded;
  const missing = decoded.messageKey === 'errors.field.required';
  const messageKey = missing && unreadable ? unreadable : choice && missing ? 'errors.field.required_choice' : decoded.messageKey;
  return (
    <p className="field-error" id={id}>
      <AlertCircle size={14} aria-hidden="true" />
      <span>{text(messageKey, params)}</span>
    </p>
  );
}
