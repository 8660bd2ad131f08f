// SPEC §4.6 システム台帳とアクセスログ確認記録 (Art. 14(3)).
export const accessLog = {
  title: 'アクセスログ確認記録',
  lead: '毎月、システム管理者が各システムの前月分のアクセスログを確認した記録です（安全管理細則 第14条第3項）。',
  hints: {
    anomalyFound: '異常がなければ空欄のままにしてください。',
  },
  fields: {
    system: 'システム',
    site: '拠点',
    month: '対象月',
    checkedAt: '確認日時',
    logsComplete: '1か月分のログを取得',
    storedSafely: 'ログを安全に保管',
    anomalyFound: '見つかった異常',
    actionTaken: '対応',
  },
  values: {
    logsComplete: { yes: '取得済', no: '不足あり' },
    storedSafely: { yes: '保管済', no: '不備あり' },
  },
  registerChanges: {
    system_moved: 'システム台帳の訂正で、{{system}}がこの拠点から他の拠点へ移されました',
  },
  anomaly: {
    logs_incomplete: 'ログが1か月分ない',
    not_stored_safely: '保管に問題',
    anomaly_without_action: '異常への対応が未記入',
    anomaly_found: 'ログに異常あり',
    checked_late: '期日後の確認',
  },
  errors: {
    already_checked: 'このシステムの{{month}}分はすでに確認済みです。訂正する場合は、その記録を訂正してください。',
    retired: 'このシステムは無効になっているため記録できません。',
    future_month: 'まだ終わっていない月は確認できません。前月以前を選んでください。',
    before_retention: 'このシステムのログの保存期間（{{months}}か月）より前の月は確認できません。',
    before_retention_one: 'このシステムのログの保存期間（{{months}}か月）より前の月は確認できません。',
    checked_before_month_end: '確認日時は、確認する月が終わった後にしてください。',
    due_day_range: '1日から28日の間で入力してください。',
    action_required: '見つかった異常への対応を入力してください。',
    none_typed: '異常がなかったときは、この欄を空欄にしてください（「なし」とは書きません）。',
    action_is_finding: '見つかった異常と同じ内容です。取った対応（誰が・何をしたか）を書いてください。まだ対応していないときは空欄にしてください。',
    action_none_typed: 'まだ対応していないときは、この欄を空欄にしてください（「なし」とは書きません）。月次点検で確認されます。',
  },
  unchecked: {
    title: 'アクセスログ未確認のシステム（{{month}}分）',
    none: '{{month}}分はすべて確認済みです。',
    due: '期日 {{date}}',
    overdue: '期日超過',
    link: 'アクセスログ確認記録へ',
    record: '確認を記録',
  },
  systems: {
    title: 'システム台帳',
    lead: 'アクセスログを確認するサーバ・クラウドサービス・ネットワーク機器と、ログの保管場所・保存期間です。',
    fields: {
      code: 'システム番号',
      name: '名称',
      kind: '種別',
      site: '拠点',
      logLocation: 'ログの保管場所',
      retentionMonths: '保存期間（月）',
      notes: '備考',
    },
    values: {
      kind: { server: 'サーバ', cloud: 'クラウドサービス', network: 'ネットワーク機器', other: 'その他' },
    },
    errors: {
      code_taken: 'このシステム番号はすでに登録されています。',
      name_taken: 'この拠点には同じ名前のシステムがあります。確認記録で見分けられるよう、別の名前にしてください（例：ファイルサーバ 2号機）。',
    },
  },
};
