/** 署名鍵の一覧 (SPEC §5): every signing key made and revoked. */
export function SigningKeysPage() {
  return null;
}
