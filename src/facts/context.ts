import type { FactDict } from './types.js';
import type { RawFacts } from './raw.js';

/** What a collector's parser gets: the script's output and the facts collected before it. */
export interface CollectContext {
  readonly raw: RawFacts;
  /** Facts of the collectors that ran earlier (names without prefix). */
  readonly collected: FactDict;
  warn(message: string): void;
}

export type Collect = (ctx: CollectContext) => FactDict;

/** A line of /proc/self/status (the script's own credentials and CPU affinity). */
export function procStatus(raw: RawFacts, key: string): string | undefined {
  const content = raw.file('/proc/self/status') ?? '';
  const m = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(content);
  return m?.[1];
}
