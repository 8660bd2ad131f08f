import { expect, it } from 'vitest';
import { isPlaceholder, saysNothing } from '../../shared/api/schemas';

// The words that say nothing are matched by regular expressions over text anyone may type (a reason,
// an explanation): a long text that fails to match must not take exponential time. A review found
// 「ありませんでした」×26 and an x held the process 14 s (a repeat of a group that split two ways); at the
// 500 characters a reason may have, it would not have finished. Linear time is far under a second.
it('a long reason that almost says nothing is judged at once, not in exponential time', () => {
  const texts = [
    `${'ありませんでした'.repeat(62)}x`,
    `${'なしです'.repeat(124)}x`,
    `${'特に'.repeat(249)}x`,
    `${'何もなし'.repeat(124)}x`,
    `${'ー'.repeat(499)}x`,
  ];
  const started = performance.now();
  for (const t of texts) {
    expect(saysNothing(t), t.slice(0, 20)).toBe(false);
    expect(isPlaceholder(t)).toBe(false);
  }
  // Exponential time would be hours; linear is microseconds. The bound is only there to fail at all.
  expect(performance.now() - started).toBeLessThan(2_000);
  // And what they are built for still says nothing.
  for (const t of ['問題ありませんでした', 'なし　なし', '理由なし', '特に問題はありません', '異常ありませんでした。']) expect(saysNothing(t), t).toBe(true);
});

// A walk-through explained a 問題なし, and reopened a seal, with 「特になし。以上」: two phrases that each say nothing.
it('phrases that each say nothing say nothing together; one that says something is enough', () => {
  for (const t of ['特になし。以上', '特になし 以上', 'なし、以上です。', '問題なし。確認済み。', 'OK. 以上', '特に 問題 なし', '異常なし・以上', '該当なし！　了解']) expect(saysNothing(t), t).toBe(true);
  for (const t of ['特になし。ただし扉の閉め忘れを本人に注意した', '以上、保守業者の立会いとして確認', '問題なし。定期点検の立会い', '鍵は総務で保管。以上']) expect(saysNothing(t), t).toBe(false);
});
