import type { HostResultEvent, HostStats } from './events.js';

/** Ansible's AggregateStats: what the PLAY RECAP shows. */
export class RunStats {
  private readonly perHost = new Map<string, HostStats>();

  private get(host: string): HostStats {
    let s = this.perHost.get(host);
    if (!s) {
      s = { ok: 0, changed: 0, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 };
      this.perHost.set(host, s);
    }
    return s;
  }

  record(ev: HostResultEvent): void {
    if (ev.item) return;
    const s = this.get(ev.host);
    const changed = ev.result['changed'] === true;
    switch (ev.status) {
      case 'ok':
      case 'changed':
        s.ok++;
        if (changed) s.changed++;
        break;
      case 'skipped':
        s.skipped++;
        break;
      case 'unreachable':
        if (ev.ignored) s.ok++;
        else s.unreachable++;
        break;
      case 'failed':
        if (ev.ignored) {
          s.ok++;
          s.ignored++;
          if (changed) s.changed++;
        } else s.failures++;
        break;
    }
  }

  rescued(host: string): void {
    const s = this.get(host);
    s.rescued++;
    if (s.failures > 0) s.failures--;
  }

  touch(host: string): void {
    this.get(host);
  }

  snapshot(): ReadonlyMap<string, HostStats> {
    return new Map([...this.perHost].map(([h, s]) => [h, { ...s }]));
  }
}
