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
    `${'所見'.repeat(249)}x`,
    `${'もんだい'.repeat(124)}x`,
    `${'なしと判断'.repeat(99)}x`,
    `${'記載事項'.repeat(124)}x`,
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

// A fifth insider probe signed a month on more of them: closed by kind, not one by one.
it('says nothing: more things there were none of and their kana, a none judged so, words that hold the place, symbols and emoji around a none', () => {
  const nothing = ['異常なし😀', '所見なし', 'もんだいなし', '支障なし', '懸念なし', '変化なし', '異常所見なし', '指摘事項なし', '記載事項なし', '問題なしと判断', '異常なしを確認', '問題なしと判断しました', '確認した', 'OK👍', 'TBD', '未定', '略', '省略', '後で確認', 'いつも通り', 'mondainashi', 'mondai nashi', 'nothing special', 'as usual', 'aa', 'xx', '11', 'あ', 'ああああ', 'a😀', '异常なし', '问题なし', '😀異常なし', '異常なし😀。以上'];
  const something = ['見つからない', '重複', '二重登録', '誤入力', '没収した', '保守業者の立会い', 'PC故障のため', 'HDD 交換', '変更の申請あり', '支障のため延期', '所見：画面にひび', 'テスト用の記録を削除', '略式の申請による', '👨\u200d💻 作業のため',
    // (A review: one kanji, short words and signs between words are something.)
    '傷', '傷・凹', '雨・雪', '2F・3F', 'B1・B2', 'No ID', 'to HR', 'as is', '37.5℃', '9~5時の作業', 'A+B棟', 'テスト', 'ダミー', '※鍵の返却忘れ', '①扉の施錠漏れ'];
  expect(nothing.filter((t) => !saysNothing(t))).toEqual([]);
  expect(something.filter((t) => saysNothing(t))).toEqual([]);
});

// A sixth insider probe signed a month on non-answers in word orders the phrases did not have (問題は特にありませんでした,
// 記録を確認しました, Looks good to me): a text of nothing but words that judge says nothing, in any order.
it('says nothing: a text made only of words that judge, confirm or deny (問題, 確認, 妥当, 通常, ありません), in any order or language', () => {
  const nothing = ['問題は特にありませんでした。', '気になる点はありません', '記録を確認しました', '通常の業務です', '内容を確認し、妥当と判断', '特に異常は確認できませんでした', '不審な点は無い', '差し支えありません',
    '確認の結果、問題ありません', 'Looks good to me', 'Reviewed, nothing unusual', '想定内', '問題はないよね', '業務のため', '特に問題ないと思います', 'All records checked, no issues found', '記録上、特に問題なし', '全て確認済みです',
    // (A review: more of them.)
    '大きな問題はありません', '変わりありません', '特に変わりなし', '運用上問題なし', '問題なしと思料', '問題ないです、承認します', '見て問題なかった', '先月と同じ', '前月同様', '不具合なし',
    'No problems here', 'No issue at all', 'Nothing to note', 'No remarks', 'All clear', 'Everything is in order', 'LGTM', 'Same as last month', 'As planned',
    // (An insider probe: words that close a matter without saying how.)
    '同上です', '完了', '完了しました', '不要', '済です', '対応不要', '処置不要', '記録どおり', '規定どおり', '手順通り', '正しい', '特に申し送りなし', '要対応なし', '不問',
    'done', 'Closed', 'クローズ', 'Nothing to add', 'No action needed', 'No further action required',
    // (A read of that change: their families too.)
    '終了', '対応済み', '処置済み', '解決済み', '不要でした', '対応不要でした', '計画どおり', '規程どおり', '基準どおり', 'Completed', 'Resolved', 'Not needed', 'Not necessary', 'No action taken', 'None needed'];
  const something = ['本人に確認した', '入室者本人に確認しました', '定期点検の立会い', '夜間作業の申請あり（田中）', '業務上の必要によるもの', '記録の入力漏れ', '誤記のため', '入力ミス', '上長の承認済み', '停電対応のため', '鍵は総務で保管',
    '見回りで確認', '清掃業者と確認', 'でんきこうじのため', '作業のため', '交換済み', '見つからない', '記入忘れ', '対応の記入', '発見', '変更', '不在のため代理', 'Checked with the visitor’s host', 'Power outage work, approved by 田中', 'as is', 'No ID',
    // (A review of the first version: what says something was there, wrong or not done is something.)
    '記載不備のため', '記録内容の不備', 'Wrong entry', 'The entry was wrong', 'Records were wrong', 'Entry is not valid', '予定がなくなったため', '対応不要のため', '点検中のため', '異常あり', '問題があったため',
    '不審な点があったため確認した', '異常を検出した', '確認できなかった', '記録がない', '指摘に対応', '指摘事項に対応', '不具合あり', 'エラーあり', 'トラブルのため', 'Issues found', 'Anomaly detected', 'Problem found',
    'Not checked', 'Not reviewed', 'Not found', 'Not expected',
    // (Beside the words that close a matter: what was done, or why.)
    '手順通り再起動した', '規定どおり廃棄', '交換完了', '返却済み', '本人に申し送り済み', '不要になった媒体を廃棄', 'Done by 田中', 'Closed the door',
    '作業は完了', '棚卸完了', '不要となったため', '計画どおりの夜間作業', 'Office closed', 'Closed for holiday', 'Resolved by replacing the lock', 'Completed the inventory'];
  expect(nothing.filter((t) => !saysNothing(t))).toEqual([]);
  expect(something.filter((t) => saysNothing(t))).toEqual([]);
});

