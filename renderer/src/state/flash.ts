import { create } from 'zustand';

/** A short confirmation after something was saved ("登録しました。"), already translated. */
export const useFlash = create<{ message: string | null; id: number }>()(() => ({ message: null, id: 0 }));

export function flash(message: string): void {
  useFlash.setState((s) => ({ message, id: s.id + 1 }));
}

export function clearFlash(): void {
  useFlash.setState({ message: null });
}
