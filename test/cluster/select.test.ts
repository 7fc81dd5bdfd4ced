import { describe, expect, it } from 'vitest';
import { NotEnoughHostsError, selectClusterHosts, type SelectionRequest } from '../../src/cluster/index.js';
import type { HostRole, PoolHost } from '../../src/provision/pools/index.js';
import type { HostRecord, HostStatus } from '../../src/provision/store/index.js';

function host(name: string, order: number, role: HostRole): PoolHost {
  return { name, order, role, pool: 'rack1' } as PoolHost;
}

function rec(name: string, status: HostStatus): HostRecord {
  return { host: name, pool: 'rack1', status, since: '', version: 1, history: [] };
}

/** Six hosts, listed out of order: cp (3), worker (2), any (1). */
const HOSTS = [host('w5', 50, 'worker'), host('cp1', 10, 'control-plane'), host('any6', 60, 'any'), host('cp3', 30, 'control-plane'), host('w4', 40, 'worker'), host('cp2', 20, 'control-plane')];

function request(over: Partial<SelectionRequest> = {}, states: Record<string, HostStatus> = {}): SelectionRequest {
  const records = new Map(HOSTS.map((h) => [h.name, rec(h.name, states[h.name] ?? { state: 'ready' })]));
  return { cluster: 'demo', pool: 'rack1', hosts: HOSTS, records, controlPlanes: 1, workers: 2, storage: { kind: 'none' }, ...over };
}

const names = (req: SelectionRequest): string[] => selectClusterHosts(req).map((m) => `${m.host}:${m.role}`);

describe('host selection', () => {
  it('takes control planes and workers by role, in ascending order', () => {
    expect(names(request())).toEqual(['cp1:control-plane', 'w4:worker', 'w5:worker']);
    expect(names(request({ controlPlanes: 3, workers: 2 }))).toEqual(['cp1:control-plane', 'cp2:control-plane', 'cp3:control-plane', 'w4:worker', 'w5:worker']);
  });

  it('fills a shortfall from `any` hosts, control planes first', () => {
    expect(names(request({ controlPlanes: 1, workers: 3 }))).toEqual(['cp1:control-plane', 'w4:worker', 'w5:worker', 'any6:worker']);
    const noCp2 = request({ controlPlanes: 3, workers: 2 }, { cp2: { state: 'in-cluster', cluster: 'other' } });
    expect(names(noCp2)).toEqual(['cp1:control-plane', 'cp3:control-plane', 'any6:control-plane', 'w4:worker', 'w5:worker']);
  });

  it('takes ready and provisioned hosts only, and not those another cluster holds', () => {
    const req = request({ controlPlanes: 1, workers: 1, claimedBy: new Map([['w4', 'blue']]) }, { cp1: { state: 'provisioning' }, cp2: { state: 'provisioned' } });
    expect(names(req)).toEqual(['cp2:control-plane', 'w5:worker']);
  });

  it('takes again the hosts its own failed build left in error', () => {
    const states = { cp1: { state: 'error', reason: 'cluster demo: boom' } as const };
    expect(names(request({}, states))[0]).toBe('cp2:control-plane');
    expect(names(request({ retry: new Set(['cp1']) }, states))[0]).toBe('cp1:control-plane');
  });

  it('picks or names a storage host, which is never also a node', () => {
    const withNas = { ...request(), hosts: [...HOSTS, host('nas', 5, 'storage')] };
    const records = new Map(withNas.records);
    records.set('nas', rec('nas', { state: 'ready' }));
    expect(names({ ...withNas, records, storage: { kind: 'pick' } })).toEqual(['cp1:control-plane', 'w4:worker', 'w5:worker', 'nas:storage']);
    expect(names(request({ storage: { kind: 'pick' } }))).toEqual(['cp1:control-plane', 'w4:worker', 'w5:worker', 'any6:storage']);
    expect(names(request({ storage: { kind: 'host', host: 'w4', pos: { file: 'c.yml', line: 5, column: 1 } } }))).toEqual(['cp1:control-plane', 'w5:worker', 'any6:worker', 'w4:storage']);
    expect(() => selectClusterHosts(request({ storage: { kind: 'host', host: 'nope', pos: { file: 'c.yml', line: 5, column: 1 } } }))).toThrow(/storage host 'nope' is not in pool rack1/);
  });

  it('not enough hosts: says what is short and why the others were left out', () => {
    const req = request({ controlPlanes: 5, workers: 2 }, { cp3: { state: 'error', reason: 'installer never called back' }, w5: { state: 'in-cluster', cluster: 'blue' } });
    let err: unknown;
    try {
      selectClusterHosts(req);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotEnoughHostsError);
    const msg = (err as Error).message;
    expect(msg).toContain('pool rack1 has not enough hosts for cluster demo: it needs 5 control planes, 2 workers, and is short of 2 control planes (hosts with role control-plane or any) and 1 worker (hosts with role worker or any)');
    expect(msg).toContain('eligible (ready or provisioned): cp1 (control-plane), cp2 (control-plane), w4 (worker), any6 (any)');
    expect(msg).toContain('not eligible: cp3 (error: installer never called back), w5 (in-cluster blue)');
  });
});
