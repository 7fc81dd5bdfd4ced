/** What the executor tells callbacks: immutable records, never executor objects. */

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface TaskInfo {
  readonly uuid: string;
  /** Banner name: the task's name, or the action as written. */
  readonly name: string;
  readonly action: string;
  readonly isHandler: boolean;
  readonly noLog: boolean;
  readonly checkMode: boolean;
  readonly hasLoop: boolean;
  /** Diff mode for this task (-D, or its `diff:` keyword): only then are results' diffs shown. */
  readonly diffMode?: boolean;
  /** How many hosts run it (for the live view). */
  readonly hostCount?: number;
}

export interface HostResultEvent {
  readonly task: TaskInfo;
  readonly host: string;
  readonly delegatedTo?: string;
  readonly status: HostStatus;
  /** Ansible's result dict (internal `_ansible_*` keys included; callbacks strip them). */
  readonly result: Readonly<Record<string, unknown>>;
  readonly ignored: boolean;
  /** Set for one item of a loop. */
  readonly item?: { readonly label: unknown };
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface PlayInfo {
  readonly name: string;
  readonly checkMode: boolean;
}

export interface RunCallback {
  playbookStart(file: string): void;
  playStart(play: PlayInfo): void;
  noHostsMatched(): void;
  noHostsRemaining(): void;
  taskStart(task: TaskInfo): void;
  /** A polled async job: still running, or done. */
  asyncPoll(host: string, jid: string, state: 'poll' | 'ok' | 'failed'): void;
  /** An `until` loop will try again. */
  retry(host: string, taskName: string, retriesLeft: number): void;
  /** include_tasks loaded a file for these hosts (item label for loops). */
  included(file: string, hosts: readonly string[], item: string | undefined): void;
  hostResult(ev: HostResultEvent): void;
  stats(stats: ReadonlyMap<string, HostStats>): void;
  warning(message: string): void;
  /** A -v… detail line (Display.vvv), shown when the run's verbosity reaches `level`. */
  verbose?(message: string, level: number): void;
}
