import { createHash, randomBytes } from 'node:crypto';

/**
 * Ansible's `omit` placeholder: a module argument templated to exactly this string is
 * dropped by the executor. Random per process, like ansible-core's.
 */
export const OMIT_TOKEN = `__omit_place_holder__${createHash('sha1').update(randomBytes(64)).digest('hex')}`;

export function isOmit(v: unknown): boolean {
  return v === OMIT_TOKEN;
}
