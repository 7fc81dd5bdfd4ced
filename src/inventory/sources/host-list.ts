/**
 * A comma-separated host list as a source (ansible/plugins/inventory/host_list.py):
 * `-i 'h1,h2:2222,'`. Names are taken whole (no ranges); each lands in `ungrouped`.
 */
import { resolve } from 'node:path';
import { parseAddress } from '../address.js';
import { exists } from './fs-checks.js';
import { pyStrip, type InventoryPlugin } from './plugin.js';

export const hostListPlugin: InventoryPlugin = {
  name: 'host_list',
  verify: (source, ctx) => !exists(resolve(ctx.cwd, source)) && source.includes(','),
  async parse(source, ctx) {
    for (const part of source.split(',')) {
      const h = pyStrip(part);
      if (!h) continue;
      let host = h;
      let port: number | undefined;
      try {
        ({ host, port } = parseAddress(h, false));
      } catch {
        host = h;
        port = undefined;
      }
      if (!ctx.inventory.hasHostObject(host)) ctx.inventory.addHostTo(host, 'ungrouped', port);
    }
  },
};

