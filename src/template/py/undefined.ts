import { UndefinedUseError } from './errors.js';
import { MISSING } from './values.js';
import { objectTypeRepr, pyRepr } from './repr.js';

/**
 * Jinja's undefined value with Ansible's behaviour (AnsibleUndefined on StrictUndefined):
 * reading an attribute or item of it gives itself back, any other use raises an error that
 * names the first thing that was missing.
 */
/** A missing item that is not a name (a slice, a tuple key), shown by its Python repr. */
export class ElementKey {
  constructor(readonly repr: string) {}
  toString(): string {
    return this.repr;
  }
}

export class Undefined {
  constructor(
    /** The variable, attribute or key that was missing. */
    readonly name: string | number | ElementKey | undefined,
    readonly hint?: string,
    /** The object the attribute or item was looked up on; MISSING for a variable. */
    readonly obj: unknown = MISSING,
    /**
     * Jinja's plain Undefined (an inline `if` without `else`): prints as '', is false and
     * empty; other uses still fail.
     */
    readonly lenient = false,
  ) {}

  message(): string {
    if (this.hint) return this.hint;
    if (this.obj === MISSING) return `${pyRepr(this.name ?? null)} is undefined`;
    if (this.name instanceof ElementKey) return `${objectTypeRepr(this.obj)} has no element ${this.name.repr}`;
    if (typeof this.name !== 'string') return `${objectTypeRepr(this.obj)} has no element ${pyRepr(this.name ?? null)}`;
    return `${pyRepr(objectTypeRepr(this.obj))} has no attribute ${pyRepr(this.name)}`;
  }

  fail(): never {
    throw new UndefinedUseError(this);
  }
}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined;
}
