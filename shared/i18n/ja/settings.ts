// Settings (SPEC §2 idle lock, company name).
export const settings = {
  title: '設定',
  lead: '会社の基本情報、画面ロックとバックアップの設定です。',
  companyName: '会社名',
  idleLockMinutes: '自動ロックまでの時間（分）',
  idleLockHint: '操作がない状態がこの時間続くと画面をロックします。1〜10分（第11条4項）。',
  backupWarnAfterDays: 'バックアップの警告までの日数',
  backupWarnHint: '最後のバックアップからこの日数が過ぎると、ダッシュボードに警告を表示します。1〜90日（第13条7項）。',
  reviewDueDay: '月次点検の期日（翌月の日）',
  reviewDueHint: '前月分の点検と署名を、翌月のこの日までに行います。1〜28日（既定は10日）。',
  submit: '保存',
  done: '設定を保存しました。',
  sites: '拠点',
  siteCode: 'コード',
  siteName: '拠点名',
  siteKind: '種別',
  kinds: {
    head: '本社',
    branch: '拠点',
  },
  errors: {
    idle_range: '1〜10分の範囲で指定してください。',
    backup_warn_range: '1〜90日の範囲で指定してください。',
    review_due_range: '1〜28日の範囲で指定してください。',
  },
};
