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
