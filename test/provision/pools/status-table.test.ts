import { describe, expect, it } from 'vitest';
import { poolStatusRows, renderPoolStatus } from '../../../src/provision/pools/index.js';
import type { HostRecord } from '../../../src/provision/store/index.js';
import { BASE, load } from './helpers.js';

const NOW = new Date('2024-05-01T12:00:00Z');

const records: HostRecord[] = [
  {
    host: 'node1',
    pool: 'rack1',
    status: { state: 'in-cluster', cluster: 'prod' },
    since: '2024-05-01T11:55:00Z',
    version: 4,
    history: [
      { at: '2024-05-01T10:00:00Z', from: null, to: { state: 'registered' } },
      { at: '2024-05-01T10:01:00Z', from: 'registered', to: { state: 'error', reason: 'BMC did not answer:\n  timeout after 3 tries' } },
      { at: '2024-05-01T10:02:00Z', from: 'error', to: { state: 'provisioning' } },
      { at: '2024-05-01T11:55:00Z', from: 'provisioning', to: { state: 'in-cluster', cluster: 'prod' } },
    ],
  },
  { host: 'old9', pool: 'rack1', status: { state: 'ready' }, since: '2024-04-28T12:00:00Z', version: 1, history: [] },
];

describe('pool status table', () => {
  const pools = load(BASE);

  it('one row a host: pools.yml first, then store-only hosts', () => {
    const rows = poolStatusRows(pools, records, { power: new Map([['node1', 'on']]) });
    expect(rows.map((r) => [r.host, r.role, r.order, r.power, r.state, r.lastError, r.inPoolsFile])).toEqual([
      ['node1', 'any', '1', 'on', 'in-cluster (prod)', 'BMC did not answer:\n  timeout after 3 tries', true],
      ['node2', 'any', '2', '-', 'unregistered', null, true],
      ['old9', '-', '-', '-', 'ready', null, false],
    ]);
  });

  it('filters by pool and host', () => {
    expect(poolStatusRows(pools, records, { hosts: ['node2'] }).map((r) => r.host)).toEqual(['node2']);
    expect(poolStatusRows(pools, records, { pool: 'rack1' }).map((r) => r.host)).toEqual(['node1', 'node2', 'old9']);
  });

  it('renders aligned columns with ages', () => {
    const text = renderPoolStatus(poolStatusRows(pools, records, { power: new Map([['node1', 'on']]) }), NOW);
    expect(text).toBe(
      [
        'HOST   POOL   ROLE  ORDER  POWER  STATE              SINCE   LAST ERROR',
        'node1  rack1  any   1      on     in-cluster (prod)  5m ago  BMC did not answer: timeout after 3 tries',
        'node2  rack1  any   2      -      unregistered       -       -',
        'old9*  rack1  -     -      -      ready              3d ago  -',
        '',
        '* in the state store but not in the pools file',
        '',
      ].join('\n'),
    );
  });
});
