/** `serial:` as Ansible splits hosts: a number, a percentage, or a list of them (the last repeats). */
export function serialBatches(hosts: readonly string[], serial: unknown): string[][] {
  const specs = serial === undefined || serial === null || serial === '' ? [] : Array.isArray(serial) ? serial : [serial];
  if (specs.length === 0) return [hosts.slice()];
  const sizes = specs.map((s) => {
    const str = String(s).trim();
    if (str.endsWith('%')) return Math.max(1, Math.floor((Number(str.slice(0, -1)) / 100) * hosts.length));
    const n = Number(str);
    return n <= 0 || !Number.isFinite(n) ? hosts.length : Math.floor(n);
  });
  const out: string[][] = [];
  let i = 0;
  let k = 0;
  while (i < hosts.length) {
    const size = sizes[Math.min(k, sizes.length - 1)]!;
    out.push(hosts.slice(i, i + size));
    i += size;
    k++;
  }
  return out;
}

/** The play's `order:` over the inventory order. */
export function orderHosts(hosts: readonly string[], order: unknown): string[] {
  const list = hosts.slice();
  switch (order) {
    case 'reverse_inventory':
      return list.reverse();
    case 'sorted':
      return list.sort();
    case 'reverse_sorted':
      return list.sort().reverse();
    case 'shuffle':
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return list;
    default:
      return list;
  }
}
