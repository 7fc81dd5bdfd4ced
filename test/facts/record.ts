/**
 * Records the fixtures of parse.test.ts from fresh lab hosts (run as root):
 *
 *   npx tsx test/facts/record.ts
 *
 * For a bare host (with the network and local-fact extras) and a systemd host, it writes the
 * facts script's raw output (marker pinned) and, right after, Ansible's setup facts.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab } from '../lab/index.js';
import { planGather } from '../../src/facts/gather.js';
import { ansibleSetup, openConnection, writeInventory } from './harness.js';
import { addLocalFacts, addNetworkExtras } from './host-extras.js';

export const FIXTURE_MARKER = '@@kplay-facts-fixture@@';
const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

async function record(systemd: boolean, name: string): Promise<void> {
  const lab = await startLab({ hosts: 1, systemd });
  try {
    const host = lab.hosts[0]!;
    await addNetworkExtras(lab, host);
    await addLocalFacts(lab, host);
    const conn = openConnection(lab, host);
    const plan = planGather({ marker: FIXTURE_MARKER });
    const r = await conn.exec(plan.script);
    await conn.close();
    if (r.code !== 0) throw new Error(`script failed: ${r.stderr}`);
    const ansible = await ansibleSetup(writeInventory(lab, host), host);
    writeFileSync(join(DIR, `${name}.out`), r.stdout);
    writeFileSync(join(DIR, `${name}.ansible.json`), `${JSON.stringify({ facts: ansible.facts, warnings: ansible.warnings }, null, 1)}\n`);
    process.stderr.write(`recorded ${name}: ${r.stdout.length} bytes of script output\n`);
  } finally {
    await lab.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await record(false, 'bare');
  await record(true, 'systemd');
}
