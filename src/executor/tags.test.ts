import { describe, expect, it } from 'vitest';
import { shouldRun } from './tags.js';

const t = (...x: string[]): Set<string> => new Set(x);

describe('tag selection (Ansible semantics)', () => {
  it('runs everything but never by default', () => {
    expect(shouldRun(t(), { only: ['all'], skip: [] })).toBe(true);
    expect(shouldRun(t('never'), { only: ['all'], skip: [] })).toBe(false);
    expect(shouldRun(t('never', 'x'), { only: ['x'], skip: [] })).toBe(true);
  });
  it('always runs unless skipped explicitly', () => {
    expect(shouldRun(t('always'), { only: ['x'], skip: [] })).toBe(true);
    expect(shouldRun(t('always'), { only: ['all'], skip: ['always'] })).toBe(false);
    expect(shouldRun(t('always'), { only: ['all'], skip: ['all'] })).toBe(true);
  });
  it('tagged and untagged', () => {
    expect(shouldRun(t(), { only: ['untagged'], skip: [] })).toBe(true);
    expect(shouldRun(t('a'), { only: ['untagged'], skip: [] })).toBe(false);
    expect(shouldRun(t('a'), { only: ['tagged'], skip: [] })).toBe(true);
    expect(shouldRun(t('a'), { only: ['all'], skip: ['tagged'] })).toBe(false);
  });
});
