import { describe, expect, it } from 'vitest';
import { phrases } from '../../shared/text/phrases';
import { cellHtml } from '../../shared/print/html';

// Japanese wraps between phrases, never inside a word (a user probe on the printed server-room book:
// 「バックアップ媒体交／換」「株式会社サーバテッ／ク」「同行：五十嵐／修」; on screen 「この／ブラウザで」).
describe('phrases', () => {
  it('breaks where a word starts, never inside one, and the phrases joined are the text', () => {
    const cases: [string, string[]][] = [
      ['バックアップ媒体交換', ['バックアップ', '媒体交換']],
      ['株式会社サーバテック', ['株式会社', 'サーバテック']],
      ['株式会社中部工業', ['株式会社', '中部工業']],
      ['この端末はこのブラウザで使えます。', ['この端末は', 'このブラウザで', '使えます。']],
      ['UPS交換用バッテリー', ['UPS', '交換用', 'バッテリー']],
      ['LTOテープ 2本／ノートPC 1台', ['LTOテープ 2本／', 'ノートPC 1台']],
      ['同行：五十嵐 修', ['同行：', '五十嵐 修']],
      ['無効にした理由', ['無効にした', '理由']],
      ['確認しています…', ['確認しています…']],
    ];
    for (const [text, want] of cases) {
      expect(phrases(text), text).toEqual(want);
      expect(phrases(text).join('')).toBe(text);
    }
  });

  it('on paper: a cell breaks only between phrases (<wbr>), and a name of family and given name is kept whole', () => {
    expect(cellHtml('バックアップ媒体交換')).toBe('バックアップ<wbr>媒体交換');
    expect(cellHtml('渡辺 大輔（株式会社サーバテック） 同行：五十嵐 修')).toBe('<span class="nb">渡辺 大輔</span>（株式会社<wbr>サーバテック） 同行：<span class="nb">五十嵐 修</span>');
    // Dates and codes as before.
    expect(cellHtml('11/3（火・祝） 09:00')).toBe('<span class="nb">11/3（火・祝）</span> 09:00');
    expect(cellHtml('PC-HQ-01')).toBe('<span class="nb">PC-HQ-01</span>');
  });
});
