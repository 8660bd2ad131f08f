// A sixth insider probe explained a 問題なし with 「問題は特にありませんでした。」, 「記録を確認しました」,
// 「通常の業務です」, 「内容を確認し、妥当と判断」, 「差し支えありません」, 「Looks good to me」: each says nothing
// in a word order the listed phrases (schemas.ts saysNothing) did not have. So a text is also read word by
// word: when nothing is left of it once the words that only judge are taken out (問題, 異常, 特に, 確認, 記録,
// 内容, 通常, 妥当, 判断, ない, です, and the particles between them), it said nothing of what happened.
// A word of what was done or found (本人, 申請, 作業, 故障, 立会い, a name, a number) is left, and enough.

/** Words that judge, confirm or deny without saying what (問題, 確認, 妥当, ありません), and the particles and endings between them. */
const JA = [
  // What there was none of, or nothing unusual about.
  '問題', 'もんだい', '異常', '異状', 'いじょう', '不審', '怪し', 'あやし', '疑わし', '疑い', '不具合', '不備', '支障', '差し支え', '差支え', '懸念', '心配',
  '変化', '変わり', '大きな', 'おかしな', '指摘事項', '指摘', '所見', '特記事項', '特記', '該当事項', '該当', '記載事項', 'トラブル', 'エラー', '気にな', '気', '点', '箇所', 'ところ',
  // How much: none at all, especially, everything.
  '特に', 'とくに', '特段', '特別', '別段', '格別', '別に', 'べつに', '何も', 'なにも', '何ら', 'なんら', '何一つ', 'なにひとつ', '一切', 'いっさい', '全く', 'まったく',
  '全然', 'ぜんぜん', '全て', 'すべて', '全部', '一通り', 'ひととおり', '一応', 'いちおう', '念のため', '念の為', '先月', '前月', '同じ',
  // Looked at, and judged so.
  '確認', 'かくにん', 'チェック', '精査', '検証', '確かめ', '把握', '認識', '判断', '判定', '評価', '検出', '認め', '見受け', '見当たら', '見当たり', '見られ',
  '妥当', '適正', '適切', '正当', '正常', '良好', '大丈夫', 'だいじょうぶ', '正し', '良い', 'よい', 'いい', '良', 'オーケー', 'ノープロブレム', '了解', '了承', '承知', '承認', '対応', '処置', '措置',
  // What was looked at: the record, its content, this month.
  '記録', '記載', '内容', '結果', '状況', '状態', '様子', '本件', '当該', '今回', '今月', '当月', '上記', '以上', '同上', '同様', '済み', '済', '有り', '有', '無し', '無',
  // As usual, as planned, within what was expected.
  '通常', '平常', '普段', '日常', '定常', 'いつも', '例年', 'どおり', '通り', '業務', 'ルーチン', 'ルーティン', '想定', '範囲', '許容', '記録上', '運用上', '業務上', '内', '的', '面',
  // Endings and particles.
  'ございませんでした', 'ございません', 'ありませんでした', 'ありません', 'ませんでした', 'ません', 'ございます', 'あります', 'ありました', 'あり', 'ある', 'なかった', 'ない', 'なし', 'ナシ',
  'できませんでした', 'できません', 'できない', 'できず', 'でき', 'でした', 'です', 'ました', 'ます', 'である', 'であった', 'した', 'します', 'する', 'して', 'され', 'られ', 'れ',
  'いました', 'います', 'いる', 'おります', 'おり', '思われ', '思い', '思う', '思料', '考えられ', '考え', '見て', 'なく', 'なっ', 'た', 'ような', 'よう', 'そう', 'もの', 'こと', 'ため', 'ので', 'から', 'まで', 'だ',
  'ず', 'し', 'と', 'は', 'が', 'を', 'に', 'の', 'も', 'で', 'て', 'へ', 'や', 'か', 'よ', 'ね', 'な', 'わ', 'っ', 'ん',
];
/** English words that judge without saying what (Looks good to me, Reviewed, nothing unusual), and those between them. */
const EN = [
  'looks?', 'looked', 'good', 'fine', 'ok', 'okay', 'all', 'right', 'alright', 'to', 'me', 'i', 'we', 'reviewed', 'review', 'checked', 'check', 'confirmed', 'confirm', 'verified', 'verify',
  'nothing', 'unusual', 'suspicious', 'special', 'specific', 'no', 'not', 'none', 'any', 'problems?', 'issues?', 'anomal(?:y|ies)', 'concerns?', 'is', 'are', 'was', 'were', 'be', 'been',
  'it', 'its', "it's", 'this', 'that', 'there', 'seems?', 'seemed', 'appears?', 'normal', 'normally', 'expected', 'everything', 'found', 'noted', 'detected', 'observed', 'seen', 'saw', 'see',
  'have', 'has', 'had', 'the', 'a', 'an', 'of', 'in', 'on', 'for', 'and', 'records?', 'entries', 'entry', 'correct', 'usual', 'standard', 'routine', 'business', 'ordinary', 'acceptable',
  'reasonable', 'valid', 'wrong', 'within', 'range', 'here', 'at', 'note', 'remarks?', 'clear', 'order', 'lgtm', 'same', 'as', 'last', 'month', 'planned',
];
// Longest first, so that ありませんでした is one word, not あり and ませんでした.
const JA_WORDS = new RegExp([...JA].sort((a, b) => b.length - a.length).join('|'), 'gu');
const EN_WORDS = new RegExp(String.raw`(?<![\p{L}\p{N}'])(?:${EN.join('|')})(?![\p{L}\p{N}'])`, 'giu');
const NOT_WORDS = /[\s\p{P}\p{S}\p{Extended_Pictographic}\u20e3ー]+/gu;

/** What a text of judging words must say to say nothing: that something is fine or as usual, that it was looked at, or that there was none of a trouble. */
const APPROVES = /妥当|適正|適切|正当|正常|良好|大丈夫|想定|範囲内|許容|差し?支え|通常|平常|普段|いつも|例年|業務|同じ|同様|\b(?:good|fine|ok|okay|normal|expected|usual|routine|standard|acceptable|reasonable|valid|correct|right|alright|clear|order|lgtm|same|planned)\b/iu;
const CONFIRMS = /確認|チェック|精査|検証|把握|承知|了解|了承|承認|\b(?:reviewed|checked|confirmed|verified|noted|review|check)\b/iu;
const DENIES = /ない|なし|無し|無い|ナシ|なかった|なく|ません|ず(?![\p{L}])|\b(?:no|not|nothing|none|nil)\b/iu;
const TROUBLE = /問題|異常|異状|不審|怪し|疑わし|疑い|支障|懸念|心配|変化|変わり|指摘|所見|特記|該当|気にな|おかし|不具合|不備|エラー|トラブル|特に|何も|何ら|一切|全く|\b(?:problems?|issues?|anomal(?:y|ies)|concerns?|unusual|suspicious|wrong|remarks?|note)\b/iu;
/** That something is there, or was (異常あり, 問題があった) — never the あり of ありません. */
const EXISTS = /あり(?!ませ)|ある|あった|あります|ありました/u;
/** Wrong, or not done (Wrong entry, Not checked, No good): a finding even where a no is said. */
const WRONG = /\b(?:wrong|invalid|missing)\b|\b(?:not|no)\s+(?:valid|correct|checked|reviewed|confirmed|verified|found|expected|ok|okay|good|fine|normal)\b/iu;
/**
 * What says that something was there, wrong or not done (異常あり, 問題があった, 異常を検出した, 記載不備, Issues found,
 * Wrong entry, Not checked, No good, 確認できなかった): a finding, never nothing (a review of the first version refused each).
 */
const FINDS = [
  EXISTS,
  /検出し(?!ませ|な)|発見|判明|見つか(?:った|りました)/u,
  /不備|不具合|エラー|トラブル/u,
  WRONG,
];
/** Found or detected, in a text that says none were (No issues found is nothing). */
const FOUND = /\b(?:found|detected)\b/iu;
const CANNOT = /できなかった|できず|できない|できません|\b(?:could\s*not|couldn't|cannot|can't)\b/iu;

/**
 * Whether a text (read as saysNothing reads it: NFKC, simplified forms as Japanese) says nothing in words that only
 * judge: nothing is left once they are taken out (or one or two kana: よ, よね), and it says that something is fine or
 * usual, that it was looked at, or that there was none of a trouble — not that something was there, wrong or not done.
 */
export function onlyJudgingWords(read: string): boolean {
  const left = read.replace(EN_WORDS, ' ').replace(JA_WORDS, '').replace(NOT_WORDS, '');
  if (!/^[\p{Script=Hiragana}]{0,2}$/u.test(left)) return false;
  const trouble = TROUBLE.test(read);
  const denies = DENIES.test(read);
  // A trouble said to be there (異常あり, 記載不備のため, Wrong entry); found, where nothing says none was; or not done (確認できなかった).
  // A trouble said to be none (不具合なし, No issues) is a finding only when something is also said to be there or wrong.
  const noneOfATrouble = trouble && denies && !EXISTS.test(read) && !WRONG.test(read);
  if (FINDS.some((f) => f.test(read)) && !noneOfATrouble) return false;
  if (FOUND.test(read) && !denies) return false;
  if (CANNOT.test(read) && !trouble) return false;
  return APPROVES.test(read) || CONFIRMS.test(read) || (denies && trouble);
}
