import { Fragment } from 'react';
import { hasJapanese, phrases } from '../../../shared/text/phrases';

/**
 * Japanese text that wraps between its phrases, never inside a word (a user probe: 「株式会社ネクストシス／
 * テムズ」 in the visitors' list, 「この／ブラウザで」 under the door terminal's start): a <wbr /> between
 * phrases (shared/text/phrases.ts) and `word-break: keep-all`, a phrase wider than its box broken anywhere.
 * Other text as it is.
 */
export function Phrased({ text }: { text: string }) {
  if (!hasJapanese(text)) return <>{text}</>;
  return (
    <span className="phrased">
      {phrases(text).map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </span>
  );
}
