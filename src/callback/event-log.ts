import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { HostResultEvent, HostStats, PlayInfo, RunCallback, TaskInfo } from './events.js';

/**
 * The JSON-lines event log of a run (`.kplay/runs/<timestamp>.jsonl`): play, task, host,
 * start, end, status, changed. Never result contents, so no secret can reach it.
 */
export class EventLogCallback implements RunCallback {
  private readonly fd: number;
  private play: string | undefined;
  readonly path: string;

  constructor(dir: string, now = new Date()) {
    mkdirSync(dir, { recursive: true });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    this.path = join(dir, `${stamp}-${process.pid}.jsonl`);
    this.fd = openSync(this.path, 'a', 0o600);
  }

  private write(record: Record<string, unknown>): void {
    writeSync(this.fd, JSON.stringify({ ts: new Date().toISOString(), ...record }) + '\n');
  }

  playbookStart(file: string): void {
    this.write({ event: 'playbook_start', playbook: file });
  }

  playStart(play: PlayInfo): void {
    this.play = play.name;
    this.write({ event: 'play_start', play: play.name });
  }

  noHostsMatched(): void {
    this.write({ event: 'no_hosts_matched', play: this.play });
  }

  noHostsRemaining(): void {
    this.write({ event: 'no_hosts_remaining', play: this.play });
  }

  taskStart(task: TaskInfo): void {
    this.write({ event: 'task_start', play: this.play, task: task.name, action: task.action, handler: task.isHandler });
  }

  asyncPoll(host: string, jid: string, state: 'poll' | 'ok' | 'failed'): void {
    this.write({ event: 'async_poll', play: this.play, host, jid, state });
  }

  retry(host: string, taskName: string, retriesLeft: number): void {
    this.write({ event: 'retry', play: this.play, task: taskName, host, retries_left: retriesLeft });
  }

  included(file: string, hosts: readonly string[], item: string | undefined): void {
    this.write({ event: 'included', play: this.play, file, hosts, ...(item !== undefined ? { item } : {}) });
  }

  hostResult(ev: HostResultEvent): void {
    this.write({
      event: ev.item ? 'item_result' : 'host_result',
      play: this.play,
      task: ev.task.name,
      host: ev.host,
      status: ev.status,
      changed: ev.result['changed'] === true,
      ignored: ev.ignored,
      start: new Date(ev.startedAt).toISOString(),
      end: new Date(ev.endedAt).toISOString(),
    });
  }

  stats(stats: ReadonlyMap<string, HostStats>): void {
    this.write({ event: 'stats', hosts: Object.fromEntries(stats) });
    closeSync(this.fd);
  }

  warning(): void {}
}

/** Sends every event to several callbacks in order. */
export class CallbackFanout implements RunCallback {
  constructor(private readonly targets: readonly RunCallback[]) {}
  playbookStart(file: string): void {
    for (const t of this.targets) t.playbookStart(file);
  }
  playStart(play: PlayInfo): void {
    for (const t of this.targets) t.playStart(play);
  }
  noHostsMatched(): void {
    for (const t of this.targets) t.noHostsMatched();
  }
  noHostsRemaining(): void {
    for (const t of this.targets) t.noHostsRemaining();
  }
  taskStart(task: TaskInfo): void {
    for (const t of this.targets) t.taskStart(task);
  }
  hostResult(ev: HostResultEvent): void {
    for (const t of this.targets) t.hostResult(ev);
  }
  included(file: string, hosts: readonly string[], item: string | undefined): void {
    for (const t of this.targets) t.included(file, hosts, item);
  }
  retry(host: string, taskName: string, retriesLeft: number): void {
    for (const t of this.targets) t.retry(host, taskName, retriesLeft);
  }
  asyncPoll(host: string, jid: string, state: 'poll' | 'ok' | 'failed'): void {
    for (const t of this.targets) t.asyncPoll(host, jid, state);
  }
  stats(stats: ReadonlyMap<string, HostStats>): void {
    for (const t of this.targets) t.stats(stats);
  }
  warning(message: string): void {
    for (const t of this.targets) t.warning(message);
  }
  verbose(message: string, level: number): void {
    for (const t of this.targets) t.verbose?.(message, level);
  }
}
