// The words every ledger on the kit shares (issue 8): its list, record dialog, void dialog and
// history. A ledger's own words (title, field labels, enum values, anomalies) are in its catalog.
export const ledgerKit = {
  actions: {
    add: '記録する',
    amend: '訂正',
    void: '無効にする',
    history: '履歴',
  },
  filters: {
    label: '記録の絞り込み',
    search: '記録を検索',
    month: '対象月',
    site: '拠点',
    allSites: 'すべての拠点',
    status: '記録の状態',
    valid: '有効な記録',
    void: '無効にした記録',
    all: 'すべて',
    anomaliesOnly: '異常のある記録のみ',
  },
  columns: {
    marks: '状態・異常',
    actions: '操作',
  },
  empty: '該当する記録はありません。',
  voided: '無効',
  amended: '訂正{{count}}回',
  yes: 'あり',
  no: 'なし',
  form: {
    addTitle: '{{ledger}}：記録する',
    amendTitle: '{{ledger}}：記録を訂正する',
    amendLead: '変更した項目だけが訂正されます。訂正前の内容は履歴に残ります。',
    reason: '訂正の理由',
    submitAdd: '記録する',
    submitAmend: '訂正する',
    amendExisting: 'その記録を訂正する',
    added: '記録しました。',
    amended: '訂正しました。',
  },
  void: {
    title: '記録を無効にする',
    lead: '{{record}} の記録を無効にします。記録は削除されず、取り消し線付きで残ります。',
    reason: '無効にする理由',
    submit: '無効にする',
    done: '記録を無効にしました。',
  },
  history: {
    title: '記録の履歴',
    subtitle: '{{ledger}}：{{record}}',
    lead: '記録・訂正・無効化のたびに記録された内容です。変更された項目は「変更前 → 変更後」で表示します。',
    status: '状態',
    voidReason: '無効にした理由',
    actions: {
      add: '記録',
      amend: '訂正',
      void: '無効化',
    },
  },
  errors: {
    erased: 'この記録の個人情報は保存期間の経過により消去済のため、訂正できません。',
  },
};
