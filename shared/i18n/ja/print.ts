// SPEC §6 印刷・出力 (issue 12): the words of the printed ledgers and the exports.
export const print = {
  back: '月次点検に戻る',
  title: '{{ledger}}（{{site}}・{{month}}）の印刷',
  lead: '紙の台帳と同じ形式（A4横）で印刷します。印刷画面で「PDFに保存」を選ぶとPDFになります。印刷と出力は記録に残ります。',
  print: '印刷…',
  csv: 'CSVで保存',
  preview: '印刷イメージ',
  open: '印刷・出力',
  printMonth: '印刷・出力',
  unsigned: '未確認',
  void: '無効',
  amended: '訂正あり',
  digest: '封印の要約値',
  printedBy: '印刷',
  page: 'ページ',
  none: 'この月の記録はありません。',
};
