/** 点検者の指名 (SPEC §2): the safety manager designates reviewers. */
export function DesignationsPage() {
  return null;
}
