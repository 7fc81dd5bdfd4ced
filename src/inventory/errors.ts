import { RunError } from '../errors/source-error.js';

/**
 * A rule of the inventory broken (unknown group, group loop, empty host name). Inside a
 * source it becomes that source's parse failure; at run time (add_host, a pattern
 * subscript out of range) it stops the run, as AnsibleError does (exit 1).
 */
export class InventoryError extends RunError {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryError';
  }
}
