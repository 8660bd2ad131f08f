import { runTemp } from '../helpers/run-temp';

// Playwright global setup: one temp folder for the run's data folders, stations and Chromium
// profiles (run-temp.ts), removed at the end (the function returned is the global teardown).
export default function setup(): () => void {
  return runTemp('e2e');
}
