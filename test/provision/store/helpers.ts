import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const WORKER = join(HERE, 'fixtures', 'store-worker.ts');
/** Where `--import tsx` resolves from. */
const REPO = resolve(HERE, '..', '..', '..');

export function tempStorePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'kplay-store-')), '.kplay', 'state', 'hosts.json');
}

export interface Worker {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves once the worker printed `line`. */
  waitFor(line: string): Promise<void>;
}

/** One `node` process (not a tsx wrapper: a kill must hit the writer itself) running the worker. */
export function startWorker(args: readonly string[], env: Readonly<Record<string, string>> = {}): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters) if (stdout.split('\n').includes(w.line)) w.resolve();
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) => {
    child.on('exit', (code, signal) => res({ code, signal, stdout, stderr }));
  });
  return {
    child,
    exited,
    waitFor: (line) =>
      new Promise<void>((res, rej) => {
        if (stdout.split('\n').includes(line)) return res();
        waiters.push({ line, resolve: res });
        void exited.then((r) => rej(new Error(`worker exited (${r.code ?? r.signal}) before printing ${line}: ${r.stderr}`)));
      }),
  };
}
