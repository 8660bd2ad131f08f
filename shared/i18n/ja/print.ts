// SPEC §6 印刷・出力 (issue 12): the words of the printed ledgers and the exports.
export const print = {
  unsigned: '未確認',
  void: '無効',
  amended: '訂正あり',
  digest: '封印の要約値',
  printedBy: '印刷',
  page: 'ページ',
  none: 'この月の記録はありません。',
};
