import type { Writable } from 'node:stream';
import type { HostResultEvent, HostStats, PlayInfo, RunCallback, TaskInfo } from './events.js';

const CLEAR = '\r\x1b[2K';

/**
 * The live view on a TTY: one status line (task, hosts done / running / failed, elapsed) kept
 * under Ansible's normal output, which scrolls above it untouched. `out` is the terminal; the
 * default callback writes through `wrap()` so every log line first clears the status line.
 */
export class ProgressView implements RunCallback {
  private task: TaskInfo | undefined;
  private expected = 0;
  private done = 0;
  private failed = 0;
  private taskStartedAt = 0;
  private readonly runStartedAt = Date.now();
  private shown = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly out: Writable) {
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
  }

  /** A stream for the default callback: clears the status line before each write, redraws after. */
  wrap(): Writable {
    const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      this.clear();
      const ok = (this.out.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      this.draw();
      return ok;
    };
    return new Proxy(this.out, { get: (t, p) => (p === 'write' ? write : Reflect.get(t, p)) });
  }

  private clear(): void {
    if (this.shown) this.out.write(CLEAR);
    this.shown = false;
  }

  private draw(): void {
    if (!this.task) return;
    const now = Date.now();
    const running = Math.max(0, this.expected - this.done);
    const line = `[${this.task.name}] done ${this.done}/${this.expected} · running ${running} · failed ${this.failed} · task ${((now - this.taskStartedAt) / 1000).toFixed(1)}s · total ${((now - this.runStartedAt) / 1000).toFixed(1)}s`;
    const width = (this.out as unknown as { columns?: number }).columns ?? 80;
    this.out.write(CLEAR + line.slice(0, Math.max(10, width - 1)));
    this.shown = true;
  }

  playbookStart(): void {}
  playStart(_play: PlayInfo): void {}
  noHostsMatched(): void {}
  noHostsRemaining(): void {}
  included(): void {}
  retry(): void {}
  asyncPoll(): void {}
  warning(): void {}

  taskStart(task: TaskInfo): void {
    this.task = task;
    this.expected = task.hostCount ?? 0;
    this.done = 0;
    this.failed = 0;
    this.taskStartedAt = Date.now();
    this.draw();
  }

  hostResult(ev: HostResultEvent): void {
    if (ev.item) return;
    this.done++;
    if ((ev.status === 'failed' && !ev.ignored) || ev.status === 'unreachable') this.failed++;
    this.draw();
  }

  stats(_stats: ReadonlyMap<string, HostStats>): void {
    clearInterval(this.timer);
    this.clear();
    this.task = undefined;
  }
}
