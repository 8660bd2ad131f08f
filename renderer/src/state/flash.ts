import { create } from 'zustand';

/** A short confirmation after something was saved ("登録しました。"), already translated, and when it was said. */
export const useFlash = create<{ message: string | null; id: number; at: number }>()(() => ({ message: null, id: 0, at: 0 }));

export function flash(message: string): void {
  useFlash.setState((s) => ({ message, id: s.id + 1, at: Date.now() }));
}

export function clearFlash(): void {
  useFlash.setState({ message: null });
}

/**
 * On another page, a confirmation said on the one before is not about it (a walk-through: 「…の退館を
 * 記録しました。」 stayed over the next page): cleared — unless it was said just now, by the act that
 * moved to this page (a save that opens its list).
 */
export function clearFlashOnLeaving(justNowMs = 1000): void {
  const { message, at } = useFlash.getState();
  if (message && Date.now() - at > justNowMs) clearFlash();
}
