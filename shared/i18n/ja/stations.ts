// Stations (端末): what people see instead of internal station ids (issue 6).
export const stations = {
  title: '端末の名前',
  lead: '記録した端末を、台帳や履歴に表示する名前で呼べるようにします（例：総務課の事務PC、サーバルーム入口の端末）。名前がない端末は種類と機器名で表示します。',
  id: '端末ID',
  name: '表示名',
  firstSeen: '最初の記録',
  shownAs: '現在の表示',
  save: '保存',
  reason: '変更の理由（任意）',
  saved: '端末の名前を保存しました。',
  empty: 'まだ記録した端末はありません。',
  errors: {
    name_taken: 'この名前は別の端末に使われています。端末ごとに違う名前にしてください。',
  },
  kinds: {
    door: '入退室端末',
    doorAt: '入退室端末（{{site}}）',
    doorAtDesk: '入退室端末（{{site}}）・{{desk}}で起動',
    // No brackets in brackets (a user probe: 入退室端末（本社）（ブラウザ（vm）で起動）).
    namedAtDesk: '{{name}}・{{desk}}で起動',
    desk: '事務PC（{{host}}）',
    browser: 'ブラウザ（{{host}}）',
    cli: 'コマンド（{{host}}）',
    system: 'システム',
  },
};
