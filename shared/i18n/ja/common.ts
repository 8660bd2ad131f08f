// Words shared by every screen: actions, paging, roles.
export const common = {
  appName: '台帳',
  appSubtitle: 'セキュリティ台帳システム',
  /** Between the items of a list in running text (names): 、 in Japanese, a comma in English. */
  listSeparator: '、',
  /** A length of time as a reader says it (a message's `{{max, duration}}`, shared/i18n durationText): 45分, 4時間, 2時間30分, 98日22時間. `join`: two parts said together. */
  duration: { minutes: '{{minutes}}分', hours: '{{hours}}時間', days: '{{days}}日', join: '{{a}}{{b}}' },
  /** The first option of a select that must be answered. */
  choose: '選んでください',
  language: {
    label: '表示言語',
    ja: '日本語',
    en: 'English',
  },
  actions: {
    cancel: 'キャンセル',
    close: '閉じる',
    back: '戻る',
    next: '次へ',
    search: '検索',
    reload: '再読み込み',
    print: '印刷',
  },
  discard: {
    message: '入力した内容はまだ保存されていません。閉じると失われます。',
    confirm: '保存せずに閉じる',
    keep: '入力に戻る',
  },
  loading: '読み込み中…',
  /** A slow check running (a password, a PIN): BusyStatus. */
  checking: '確認しています…',
  errorCount: '入力内容に{{count}}件の問題があります。',
  errorCount_one: '入力内容に{{count}}件の問題があります。',
  atLimit: '{{max}}文字までです。',
  pasteCut: '{{max}}文字までです。貼り付けた文字のうち{{cut}}文字は入りませんでした。',
  reasonHint: '変更の理由は履歴に残ります。',
  searchScope: {
    month: '{{month}}の記録だけを検索しています。',
    allMonths: 'すべての月で検索',
  },
  pager: {
    total: '全{{total}}件',
    range: '（{{from}}〜{{to}}件目）',
    page: '{{page}} / {{pages}}ページ',
    first: '最初のページ',
    prev: '前のページ',
    next: '次のページ',
    last: '最後のページ',
    pageSize: '表示件数',
    perPage: '{{count}}件',
    perPage_one: '{{count}}件',
  },
  roles: {
    staff: '一般社員',
    clerk: '総務担当',
    site_head: '拠点長',
    safety_manager: '安全管理責任者',
    sysadmin: 'システム管理者',
  },
  roleHints: {
    staff: '自分の入退室・持ち出しの記録',
    clerk: '台帳・名簿の入力と管理',
    site_head: '自拠点の台帳の確認（担当拠点は安全管理責任者が設定）',
    safety_manager: '全台帳の確認・承認、特権付与の承認',
    sysadmin: 'アカウント・設定・バックアップの管理',
  },
};
