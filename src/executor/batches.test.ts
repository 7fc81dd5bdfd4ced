import { describe, expect, it } from 'vitest';
import { serialBatches } from './batches.js';

const hosts = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('serial batches', () => {
  it('splits by number, percent and progressive lists', () => {
    expect(serialBatches(hosts, undefined)).toEqual([hosts]);
    expect(serialBatches(hosts, 3)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    expect(serialBatches(hosts, '30%')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g']]);
    expect(serialBatches(hosts, [1, 2, '50%'])).toEqual([['a'], ['b', 'c'], ['d', 'e', 'f'], ['g']]);
  });
});
