/*
 * Inbound session sequence numbers (IPMI v2.0 §6.12.13): a packet is accepted when its
 * number is at most 15 ahead of the highest seen, or at most 16 behind it and not seen
 * before. Anything else is a replay or a stray and is dropped, never answered.
 */

const AHEAD = 15;
const BEHIND = 16;

export class InboundSequenceWindow {
  #highest: number | undefined;
  /** Bit n set: highest - n was seen. */
  #seen = 0;

  accept(sequence: number): boolean {
    const seq = sequence >>> 0;
    if (seq === 0) return false;
    if (this.#highest === undefined) {
      this.#highest = seq;
      this.#seen = 1;
      return true;
    }
    const ahead = (seq - this.#highest) >>> 0;
    if (ahead === 0) return false;
    if (ahead <= AHEAD) {
      this.#seen = ((this.#seen << ahead) | 1) & 0x1ffff;
      this.#highest = seq;
      return true;
    }
    const behind = (this.#highest - seq) >>> 0;
    if (behind > BEHIND) return false;
    const bit = 1 << behind;
    if (this.#seen & bit) return false;
    this.#seen |= bit;
    return true;
  }
}

/** Outbound: starts at 1, wraps past 0 (0 means "outside a session"). */
export function nextOutbound(current: number): number {
  const next = (current + 1) >>> 0;
  return next === 0 ? 1 : next;
}
