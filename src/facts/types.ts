/** A JSON value: what a fact can hold once Ansible's module result is serialized. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Facts as one collector returns them: names without the `ansible_` prefix. */
export type FactDict = JsonObject;

/** Problems Ansible reports through `module.warn` (the result's `warnings`). */
export interface Warnings {
  warn(message: string): void;
}
