import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInventory } from '../../../test/compat/run-case.js';
import { startLab, type Lab } from '../../../test/lab/index.js';
import { IS_ROOT } from '../../../test/lab/measure.js';

/*
 * kubernetes.core.k8s / k8s_info through the host's kubectl. No API server can run in the lab, so
 * kubectl is a stand-in (fixtures/fake-kubectl.py): it records its argv and keeps objects as files.
 * What is proven: the commands kplay sends, the results it builds, idempotence and check mode.
 * Not proven: agreement with the real kubectl/API server, nor with kubernetes.core itself (it
 * needs the Python kubernetes client, which is not installed).
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const PLAYBOOK = `
- hosts: all
  gather_facts: false
  vars:
    cm:
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: kp-cm, namespace: default, labels: {app: kp}}
      data: {a: "1"}
  tasks:
    - {name: create in check mode, kubernetes.core.k8s: {definition: "{{ cm }}"}, check_mode: true, register: c0}
    - {name: create, kubernetes.core.k8s: {definition: "{{ cm }}"}, register: c1}
    - {name: again, k8s: {definition: "{{ cm }}"}, register: c2}
    - {name: change, k8s: {definition: "{{ cm | combine({'data': {'a': '2'}}) }}"}, register: c3}
    - {name: two documents from a file, k8s: {src: two.yml, namespace: kube-system}, register: c4}
    - {name: list by label, kubernetes.core.k8s_info: {kind: ConfigMap, label_selectors: [app=kp]}, register: i1}
    - {name: one by name, k8s_info: {kind: Deployment, api_version: apps/v1, name: nosuch, namespace: default}, register: i2}
    - {name: delete, k8s: {state: absent, kind: ConfigMap, name: kp-cm, namespace: default}, register: d1}
    - {name: delete again, k8s: {state: absent, kind: ConfigMap, name: kp-cm, namespace: default}, register: d2}
    - debug:
        msg: "SUMMARY {{ {'c': [c0, c1, c2, c3] | map(attribute='changed') | list, 'm': [c1.method, c2.method, c3.method, d1.method],
                       'rv': c3.result.metadata.resourceVersion, 'n': c4.result.results | length, 'c4': c4.changed,
                       'i1': i1.resources | map(attribute='metadata.name') | list, 'i2': i2.resources, 'api': i1.api_found,
                       'd': [d1.changed, d2.changed]} | to_json }}"
`;
const TWO = `apiVersion: v1
kind: ConfigMap
metadata: {name: one, labels: {app: kp}}
---
apiVersion: v1
kind: Secret
metadata: {name: two}
stringData: {token: s3cret}
`;

describe.skipIf(!IS_ROOT)('k8s and k8s_info with a stand-in kubectl', () => {
  let lab: Lab;
  let work: string;
  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    const h = lab.hosts[0]!;
    const fake = readFileSync(join(import.meta.dirname, 'fixtures/fake-kubectl.py')).toString('base64');
    await lab.exec(h, `echo ${fake} | base64 -d > /usr/local/bin/kubectl && chmod 755 /usr/local/bin/kubectl`);
    work = mkdtempSync(join(tmpdir(), 'kplay-k8s-'));
    writeFileSync(join(work, 'playbook.yml'), PLAYBOOK);
    writeFileSync(join(work, 'two.yml'), TWO);
    writeFileSync(join(work, 'inventory.ini'), labInventory('h1\n', lab));
  });
  afterAll(async () => {
    await lab?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('creates, is idempotent, updates, reads and deletes', async () => {
    const r = spawnSync('node', [join(ROOT, 'bin/kplay.js'), 'playbook.yml', '-i', 'inventory.ini'], { cwd: work, encoding: 'utf8', env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const m = /"msg": "SUMMARY (.*)"\n/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const summary = JSON.parse(JSON.parse(`"${m![1]!}"`) as string) as Record<string, unknown>;
    expect(summary).toEqual({
      c: [true, true, false, true],
      m: ['create', 'update', 'update', 'delete'],
      rv: '2',
      n: 2,
      c4: true,
      i1: ['kp-cm', 'one'],
      i2: [],
      api: true,
      d: [true, false],
    });
    const log = ((await lab.readFile(lab.hosts[0]!, '/tmp/kubectl.log')) ?? '').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    expect(log[1]).toEqual(expect.arrayContaining(['create', '--dry-run=server', '-o', 'json']));
    expect(log.find((a) => a[0] === 'get' && a[1] === 'ConfigMap')).toEqual(['get', 'ConfigMap', '--all-namespaces', '--selector=app=kp', '-o', 'json', '--ignore-not-found']);
    expect(log.find((a) => a[0] === 'get' && a[1] === 'Deployment.v1.apps')).toEqual(['get', 'Deployment.v1.apps', 'nosuch', '--namespace', 'default', '-o', 'json', '--ignore-not-found']);
    // Manifests (here a Secret) travel in temp files, never in kubectl's argv.
    expect(log.flat().some((a) => a.includes('s3cret'))).toBe(false);
  });
});
