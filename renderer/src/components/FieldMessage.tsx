import { AlertCircle } from 'lucide-react';
import { decodeMessage } from '../forms/errors';
import { useMessage } from '../i18n/messages';

/** A field's error: the message key from the schema or the core, shown in the current language. */
export function FieldMessage({ id, message }: { id?: string; message?: string }) {
  const text = useMessage();
  if (!message) return null;
  const { messageKey, params } = decodeMessage(message);
  return (
    <p className="field-error" id={id}>
      <AlertCircle size={14} aria-hidden="true" />
      <span>{text(messageKey, params)}</span>
    </p>
  );
}
