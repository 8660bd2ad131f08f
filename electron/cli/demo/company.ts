import type { Role } from '../../../shared/domain/roles';

// The demo company (SPEC §9 `daicho demo`). Fixed names and sign-ins so the README, the
// end-to-end tests and a person trying the app all see the same company.

export const DEMO_COMPANY_NAME = '株式会社みなと精機';

export interface DemoSite {
  code: string;
  name: string;
  /** Departments at this site; the first people of each are the account holders below. */
  departments: string[];
  /** How many people the register has at this site, account holders included. */
  headcount: number;
}

/** 本社 first (setup makes the first site the head office), then two 拠点. */
export const DEMO_SITES: DemoSite[] = [
  { code: 'HQ', name: '本社', departments: ['総務部', '情報システム部', '経理部', '人事部', '営業部', '開発部'], headcount: 26 },
  { code: 'OSK', name: '大阪拠点', departments: ['営業部', '業務部', '技術サービス部'], headcount: 13 },
  { code: 'NGY', name: '名古屋拠点', departments: ['営業部', '業務部', '技術サービス部'], headcount: 11 },
];

/** Departments whose people are authorized for the server room (Art. 13). */
export const SERVER_ROOM_DEPARTMENTS = new Set(['情報システム部', '技術サービス部']);

export interface DemoAccount {
  role: Role;
  loginId: string;
  name: string;
  kana: string;
  siteCode: string;
  department: string;
  /** Passes the password policy (length, not common, no id or name in it). */
  password: string;
  serverRoomAuthorized: boolean;
  /** Their employee card: fixed, so the README can say which card to try at the door terminal. */
  cardNo: string;
}

/** One account per role — every role of SPEC §2 can be tried — plus the second 拠点長. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'sysadmin', loginId: 'sato.kenichi', name: '佐藤 健一', kana: 'サトウ ケンイチ', siteCode: 'HQ', department: '情報システム部', password: 'Aozora-Kagi-7314', serverRoomAuthorized: true, cardNo: '012E4A7C19B2D301' },
  { role: 'safety_manager', loginId: 'suzuki.yoko', name: '鈴木 陽子', kana: 'スズキ ヨウコ', siteCode: 'HQ', department: '総務部', password: 'Hinode-Shiro-5820', serverRoomAuthorized: true, cardNo: '012E4A7C19B2D302' },
  { role: 'clerk', loginId: 'takahashi.miho', name: '高橋 美穂', kana: 'タカハシ ミホ', siteCode: 'HQ', department: '総務部', password: 'Momiji-Techo-2947', serverRoomAuthorized: false, cardNo: '012E4A7C19B2D303' },
  { role: 'site_head', loginId: 'ito.daisuke', name: '伊藤 大輔', kana: 'イトウ ダイスケ', siteCode: 'OSK', department: '業務部', password: 'Minami-Hashi-6081', serverRoomAuthorized: true, cardNo: '012E4A7C19B2D304' },
  { role: 'site_head', loginId: 'watanabe.naoki', name: '渡辺 直樹', kana: 'ワタナベ ナオキ', siteCode: 'NGY', department: '業務部', password: 'Sakura-Michi-9163', serverRoomAuthorized: true, cardNo: '012E4A7C19B2D305' },
  { role: 'staff', loginId: 'kobayashi.shota', name: '小林 翔太', kana: 'コバヤシ ショウタ', siteCode: 'HQ', department: '情報システム部', password: 'Tsubame-Kaze-3752', serverRoomAuthorized: true, cardNo: '012E4A7C19B2D306' },
];

export type DemoRole = Role;

/** The door-terminal PIN the staff member sets for himself in the demo (SPEC §7). */
export const DEMO_STAFF_PIN = '2580';

/** The account a demo step acts as for a role (the first holder of it). */
export function demoAccountFor(role: Role): DemoAccount {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}
