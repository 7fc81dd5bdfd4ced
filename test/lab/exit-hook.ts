/**
 * Best-effort synchronous cleanup when the process ends without stop(): on 'exit', and on
 * SIGINT/SIGTERM/SIGHUP (after which the signal's default action is restored and re-raised
 * unless someone else handles it). The registry is the one piece of module state here: a
 * process-exit hook has nowhere else to find the live labs.
 */
const cleanups = new Map<number, () => void>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;
let signalsWanted = 0;

function runAll(): void {
  for (const [id, fn] of [...cleanups]) {
    cleanups.delete(id);
    try {
      fn();
    } catch {
      // best effort: the next lab reclaims what is left
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  signalsWanted = 0;
  uninstallSignals();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installSignals(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstallSignals(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** `handleSignals`: false when the caller handles signals itself (and calls stop()). */
export function registerCleanup(labId: number, fn: () => void, handleSignals: boolean): void {
  cleanups.set(labId, fn);
  if (!installed) {
    process.on('exit', runAll);
    installed = true;
  }
  if (handleSignals && signalsWanted++ === 0) installSignals();
}

export function unregisterCleanup(labId: number, handleSignals: boolean): void {
  if (!cleanups.delete(labId)) return;
  if (handleSignals && signalsWanted > 0 && --signalsWanted === 0) uninstallSignals();
}
