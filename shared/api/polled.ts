import type { MethodName } from './contract';

/**
 * The methods a screen may poll (the renderer's `usePolling` takes no other). Each is `passive` in
 * the contract, and a test calls each through the real dispatcher: a poll must not restart the
 * core's idle clock, or a desk left with the dashboard open would never be locked by the core
 * (Art. 11(4)). Before this list, the guest cards out and "my stay" panels polled methods that
 * counted as the person's activity.
 */
export const POLLED_METHODS = [
  'serverRoom.inside',
  'serverRoom.mine',
  'cabinetLog.openNow',
  'checkouts.now',
  'visitors.inside',
  'guestCards.list',
  'lastExit.missing',
  'accessLog.unchecked',
  'review.list',
  'lan.witnessAlarms',
  'clock.anomalies',
] as const satisfies readonly MethodName[];
export type PolledMethod = (typeof POLLED_METHODS)[number];
