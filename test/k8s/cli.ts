/** Manual runs: `npx tsx test/k8s/cli.ts ansible|kplay [CP WORKERS NFS] [-- extra args]`. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startClusterEnv } from './cluster-env.js';

const ROOT = resolve(import.meta.dirname, '../..');
const [tool = 'kplay', cp = '1', workers = '2', nfs = '1', ...rest] = process.argv.slice(2);
const env = await startClusterEnv({ controlPlanes: Number(cp), workers: Number(workers), nfs: Number(nfs) });
try {
  const args = [join(ROOT, 'playbooks/site.yml'), '-i', env.inventory, ...rest.filter((a) => a !== '--')];
  const cmd = tool === 'ansible' ? 'ansible-playbook' : 'node';
  const full = tool === 'ansible' ? args : [join(ROOT, 'bin/kplay.js'), ...args];
  for (const pass of [1, 2]) {
    console.log(`=== ${tool} run ${pass}`);
    const r = spawnSync(cmd, full, { stdio: 'inherit', env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', KPLAY_HOME: join(env.dir, '.kplay') } });
    console.log(`exit ${r.status}`);
  }
  for (const h of env.lab.hosts) console.log(h.name, JSON.stringify(await env.lab.readFile(h, '/var/log/kplay-standin/calls.log')));
} finally {
  await env.stop();
}
