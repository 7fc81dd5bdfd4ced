import { readdirSync, readFileSync } from 'node:fs';

/** ansible-playbook exits 99 on Ctrl-C ("User interrupted execution", as `kplay pool provision` does); SIGTERM as a killed process, 128 + 15. */
export const SIGNAL_EXIT_CODES: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 99, SIGTERM: 143 };

type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Every process below `root` (children, their children …), from /proc; empty where there is none. */
export function descendantPids(root: number = process.pid): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const e of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(e));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

function signalAll(sig: NodeJS.Signals, pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/**
 * SIGTERM to every descendant (local tasks of the playbook run), then SIGKILL to what is
 * left after `graceMs`. Waits until they are gone and reaped (Node reaps its own children
 * on its event loop), so no process, not even a zombie, outlives the command.
 */
export async function endDescendants(graceMs = 2000): Promise<void> {
  signalAll('SIGTERM', descendantPids());
  const deadline = Date.now() + graceMs;
  while (descendantPids().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  signalAll('SIGKILL', descendantPids());
  const reaped = Date.now() + 500;
  while (descendantPids().length > 0 && Date.now() < reaped) await new Promise((r) => setTimeout(r, 20));
}

/**
 * The in-process playbook run keeps going until the process leaves: its children's deaths
 * would show as task failures and a recap after the interruption was reported. Leaving is
 * all that is left to do, so its output is dropped from here on.
 */
export function silenceOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.write = (() => true) as typeof stream.write;
}

export interface Interruption {
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  dispose(): void;
}

/**
 * Ctrl-C and SIGTERM for the cluster commands that change hosts: the first one aborts
 * `signal` (the command records what it started and throws); a second one leaves at once
 * (the state store's writes are atomic and its lock is taken over from a dead holder).
 */
export function onStopSignals(log: (line: string) => void): Interruption {
  const abort = new AbortController();
  let got: StopSignal | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    const s: StopSignal = sig === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    if (got) {
      log(`${s} again: leaving now`);
      const code = SIGNAL_EXIT_CODES[got];
      silenceOutput();
      void endDescendants(0).finally(() => process.exit(code));
      return;
    }
    got = s;
    log(`${s}: stopping; hosts being built are recorded as error, a rerun resumes (${s} again leaves now)`);
    abort.abort(`interrupted by ${s}`);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: abort.signal,
    received: () => got,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
