import { inspect } from 'node:util';

const REDACTED = '********';

/**
 * A password, passphrase or key. Printing, logging or serialising it shows only a mask;
 * `reveal()` is the one way to the value, used where it goes on the wire.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
