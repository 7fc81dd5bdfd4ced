import type { Writable } from 'node:stream';
import type { HostResultEvent, HostStats, PlayInfo, RunCallback, TaskInfo } from './events.js';
import { pyJsonDumps } from './py-json.js';
import { renderDiff } from './diff.js';
import { warningText } from './warning-text.js';

/* ansible-playbook's `default` stdout callback, without colour (non-TTY output). */

const DEBUG_ACTIONS = new Set(['debug', 'ansible.builtin.debug', 'ansible.legacy.debug']);
const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations']);
const HIDE_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason'];
const COLUMNS = 79;

export interface DefaultCallbackOptions {
  readonly out: Writable;
  readonly err: Writable;
  readonly verbosity: number;
  readonly checkMode: boolean;
}

function stripInternal(result: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (k.startsWith('_ansible_')) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype ? stripInternal(v as Record<string, unknown>) : v;
  }
  return out;
}

export class DefaultCallback implements RunCallback {
  private lastBannerUuid: string | undefined;
  /** Display.warning shows each distinct warning once per run. */
  private readonly warned = new Set<string>();

  constructor(private readonly opts: DefaultCallbackOptions) {}

  private line(s: string): void {
    this.opts.out.write(s + '\n');
  }

  private banner(msg: string): void {
    const text = msg.trim();
    const stars = Math.max(3, COLUMNS - [...text].length);
    this.line(`\n${text} ${'*'.repeat(stars)}`);
  }

  private dumpResults(result: Readonly<Record<string, unknown>>): string {
    const indent = result['_ansible_verbose_always'] === true || this.opts.verbosity > 2 ? 4 : undefined;
    const abridged = stripInternal(result);
    if (this.opts.verbosity < 3) {
      delete abridged['invocation'];
      delete abridged['diff'];
    }
    delete abridged['exception'];
    return pyJsonDumps(abridged, indent);
  }

  private cleanResults(result: Record<string, unknown>, action: string): void {
    if (!DEBUG_ACTIONS.has(action)) return;
    if ('msg' in result) {
      for (const k of Object.keys(result)) if (!DEBUG_ALLOWED.has(k) && !k.startsWith('_')) delete result[k];
    } else for (const k of HIDE_IN_DEBUG) delete result[k];
  }

  private isVerbose(result: Readonly<Record<string, unknown>>): boolean {
    return (this.opts.verbosity > 0 || result['_ansible_verbose_always'] === true) && result['_ansible_verbose_override'] !== true;
  }

  private ensureBanner(task: TaskInfo): void {
    if (this.lastBannerUuid !== task.uuid) this.printTaskBanner(task);
  }

  private printTaskBanner(task: TaskInfo): void {
    const prefix = task.isHandler ? 'RUNNING HANDLER' : 'TASK';
    const check = task.checkMode && this.opts.checkMode ? ' [CHECK MODE]' : '';
    this.banner(`${prefix} [${task.name.trim()}]${check}`);
    this.lastBannerUuid = task.uuid;
  }

  private warnings(result: Record<string, unknown>): void {
    const w = result['warnings'];
    if (Array.isArray(w) && w.length) {
      for (const m of w) this.warning(String(m));
      delete result['warnings'];
    }
  }

  playbookStart(file: string): void {
    if (this.opts.verbosity > 1) this.banner(`PLAYBOOK: ${file.split('/').pop() ?? file}`);
  }

  playStart(play: PlayInfo): void {
    const check = play.checkMode && this.opts.checkMode ? ' [CHECK MODE]' : '';
    const name = play.name.trim();
    this.lastBannerUuid = undefined;
    this.banner(name ? `PLAY [${name}]${check}` : `PLAY${check}`);
  }

  noHostsMatched(): void {
    this.line('skipping: no hosts matched');
  }

  noHostsRemaining(): void {
    this.banner('NO MORE HOSTS LEFT');
  }

  taskStart(task: TaskInfo): void {
    if (this.lastBannerUuid !== task.uuid) this.printTaskBanner(task);
  }

  asyncPoll(host: string, jid: string, state: 'poll' | 'ok' | 'failed'): void {
    if (state === 'poll') this.line(`ASYNC POLL on ${host}: jid=${jid} started=1 finished=0`);
    else this.line(`ASYNC ${state === 'ok' ? 'OK' : 'FAILED'} on ${host}: jid=${jid}`);
  }

  retry(host: string, taskName: string, retriesLeft: number): void {
    this.line(`FAILED - RETRYING: [${host}]: ${taskName} (${retriesLeft} retries left).`);
  }

  included(file: string, hosts: readonly string[], item: string | undefined): void {
    this.line(`included: ${file} for ${hosts.join(', ')}${item !== undefined ? ` => (item=${item})` : ''}`);
  }

  hostResult(ev: HostResultEvent): void {
    const result: Record<string, unknown> = { ...ev.result };
    const label = ev.delegatedTo && ev.delegatedTo !== ev.host ? `${ev.host} -> ${ev.delegatedTo}` : ev.host;
    const task = ev.task;
    this.ensureBanner(task);
    const itemLabel = ev.item ? (result['_ansible_no_log'] ? '(censored due to no_log)' : pyRepr(ev.item.label)) : undefined;
    const aggregateOfLoop = task.hasLoop && !ev.item && Array.isArray(result['results']);
    // Ansible shows diffs of ok/changed results only: each loop item's before its item line (the
    // task executor's callback), a task's before its status line (the strategy's); none for the aggregate.
    if (task.diffMode && (ev.status === 'ok' || ev.status === 'changed') && !aggregateOfLoop) this.printDiff(result);
    switch (ev.status) {
      case 'ok':
      case 'changed': {
        this.warnings(result);
        if (aggregateOfLoop) return;
        let msg = `${result['changed'] === true ? 'changed' : 'ok'}: [${label}]`;
        if (itemLabel !== undefined) msg += ` => (item=${itemLabel})`;
        this.cleanResults(result, task.action);
        if (this.isVerbose(result)) msg += ` => ${this.dumpResults(result)}`;
        this.line(msg);
        return;
      }
      case 'skipped': {
        this.cleanResults(result, task.action);
        if (aggregateOfLoop) delete result['results'];
        let msg = itemLabel !== undefined ? `skipping: [${ev.host}] => (item=${itemLabel}) ` : `skipping: [${ev.host}]`;
        if (this.isVerbose(result)) msg += ` => ${this.dumpResults(result)}`;
        this.line(msg);
        return;
      }
      case 'failed': {
        this.cleanResults(result, task.action);
        this.warnings(result);
        if (itemLabel !== undefined) {
          this.line(`failed: [${label}] (item=${itemLabel}) => ${this.dumpResults(result)}`);
          return;
        }
        if (!aggregateOfLoop) this.line(`fatal: [${label}]: FAILED! => ${this.dumpResults(result)}`);
        if (ev.ignored) this.line('...ignoring');
        return;
      }
      case 'unreachable':
        this.line(`fatal: [${label}]: UNREACHABLE! => ${this.dumpResults(result)}`);
        if (ev.ignored) this.line('...ignoring');
        return;
    }
  }

  /** Ansible's v2_on_file_diff: a changed result's diff, before its status line. */
  private printDiff(result: Readonly<Record<string, unknown>>): void {
    if (result['changed'] !== true || !result['diff']) return;
    const text = renderDiff(result['diff']);
    if (text) this.opts.out.write(text.endsWith('\n') ? text : text + '\n'); // Display.display adds a newline only when missing
  }

  stats(stats: ReadonlyMap<string, HostStats>): void {
    this.banner('PLAY RECAP');
    for (const host of [...stats.keys()].sort()) {
      const t = stats.get(host)!;
      const c = (lead: string, n: number): string => `${lead}=${String(n).padEnd(4)}`;
      this.line(
        `${host.padEnd(26)} : ${c('ok', t.ok)} ${c('changed', t.changed)} ${c('unreachable', t.unreachable)} ${c('failed', t.failures)} ${c('skipped', t.skipped)} ${c('rescued', t.rescued)} ${c('ignored', t.ignored)}`,
      );
    }
    this.line('');
    if (this.opts.checkMode) this.banner('DRY RUN');
  }

  warning(message: string): void {
    const text = warningText(message);
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.opts.err.write(text);
  }

  verbose(message: string, level: number): void {
    if (this.opts.verbosity >= level) this.line(message);
  }
}

/** Python's repr() of a loop item label, as `(item=…)` shows it. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyReprInner(v);
}

function pyReprInner(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return '[' + v.map(pyReprInner).join(', ') + ']';
  if (typeof v === 'object') {
    return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStr(k)}: ${pyReprInner(x)}`).join(', ') + '}';
  }
  return String(v);
}

function pyStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}
