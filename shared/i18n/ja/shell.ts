// The app frame: header, navigation, dashboard.
export const shell = {
  skipToContent: '本文へ移動',
  nav: {
    label: 'メインメニュー',
    dashboard: 'ダッシュボード',
    people: '人員名簿',
    accounts: 'アカウント管理',
    settings: '設定',
    groupLedgers: '台帳',
    groupRegisters: '名簿',
    groupAdmin: '管理',
  },
  user: {
    menu: 'ユーザーメニュー',
    changePassword: 'パスワード変更',
    signOut: 'サインアウト',
  },
  dashboard: {
    title: 'ダッシュボード',
    greeting: '{{name}} さん、お疲れさまです。',
    today: '本日',
    yourRoles: 'あなたの権限',
    activePeople: '名簿に登録されている有効な人員',
    peopleCount: '{{count}}名',
    openPeople: '人員名簿を開く',
    idleLock: '操作がない状態が{{minutes}}分続くと、画面が自動的にロックされます。',
    clock: {
      lead: 'システム時計が台帳の記録より前の時刻に戻っていたことを検知しました。',
      item: '{{at}}（{{station}}、{{actor}}）: 台帳の直前の記録 {{last}} より{{behind}}前の時刻でした。',
      // How far behind, in the largest units that read well: 3分, 2時間5分, 98日22時間.
      minutes: '{{minutes}}分',
      hours: '{{hours}}時間{{minutes}}分',
      days: '{{days}}日{{hours}}時間',
      hoursOnly: '{{hours}}時間',
      daysOnly: '{{days}}日',
      todo: 'この間に記録された日時が正しいか確認し、必要なら訂正してください。端末の時計の設定も確認してください。',
    },
    // SPEC §11: a station saw journal rows this data no longer holds.
    witness: {
      lead: 'この台帳のデータには、端末が以前に確認した記録が含まれていません。',
      cut: '{{reported}}: 端末「{{station}}」は記録が #{{seen}}（{{seenAt}}）まであることを確認していますが、このデータの記録は #{{journal}} で終わっています。古いコピーに戻されたか、記録が削除されています。',
      rewritten: '{{reported}}: 端末「{{station}}」が確認した #{{seen}}（{{seenAt}}）までの記録が、その後書き換えられています。古いコピーに戻してから記録を続けた場合も、こうなります。',
      todo: 'バックアップから戻したのでなければ、改ざんの疑いがあります。システム管理者は、その端末のフォルダにある witness.json で検証してください（daicho verify --witness witness.json）。バックアップから戻した場合は、それ以降の記録が失われています。',
      acknowledge: '確認済みにする',
      acknowledgeTitle: '警告を確認済みにする',
      acknowledgeLead: '確認した内容を記録します。確認済みにした警告はダッシュボードに表示されなくなります（記録には残ります）。',
      acknowledgeReason: '確認した内容',
    },
  },
  notFound: 'ページが見つかりません。',
  pageFailed: {
    lead: 'この画面を表示できませんでした。入力済みの記録は保存されています。',
    todo: '左のメニューから別の画面に移るか、再読み込みしてください。続く場合はシステム管理者に連絡してください。',
    reload: '再読み込み',
  },
  forbidden: 'この画面を表示する権限がありません。',
  offline: 'サーバに接続できません。しばらくしてから再度お試しください。',
};
