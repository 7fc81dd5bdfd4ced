/** The benchmark playbook: N tasks cycling through the modules real roles use most. */

const KINDS = ['command', 'shell', 'copy', 'template', 'file', 'lineinfile', 'stat', 'set_fact', 'debug'] as const;
export type TaskKind = (typeof KINDS)[number];

function task(kind: TaskKind, i: number): string {
  switch (kind) {
    case 'command':
      return `    - name: t${i} command\n      command: echo task ${i}\n      changed_when: false\n`;
    case 'shell':
      return `    - name: t${i} shell\n      shell: echo "$HOSTNAME" | tr a-z A-Z\n      changed_when: false\n`;
    case 'copy':
      return `    - name: t${i} copy\n      copy:\n        content: "bench {{ inventory_hostname }} ${i}\\n"\n        dest: /tmp/bench-copy-${i}\n        mode: '0644'\n`;
    case 'template':
      return `    - name: t${i} template\n      template:\n        src: bench.j2\n        dest: /tmp/bench-template-${i}\n`;
    case 'file':
      return `    - name: t${i} file\n      file:\n        path: /tmp/bench-dir-${i}\n        state: directory\n        mode: '0755'\n`;
    case 'lineinfile':
      return `    - name: t${i} lineinfile\n      lineinfile:\n        path: /tmp/bench-lines\n        line: "line ${i}"\n        create: true\n`;
    case 'stat':
      return `    - name: t${i} stat\n      stat:\n        path: /etc/hostname\n      register: st${i}\n`;
    case 'set_fact':
      return `    - name: t${i} set_fact\n      set_fact:\n        fact_${i}: "{{ inventory_hostname }}-${i}"\n`;
    case 'debug':
      return `    - name: t${i} debug\n      debug:\n        msg: "{{ inventory_hostname }} ${i}"\n`;
  }
}

export function benchPlaybook(tasks: number, kinds: readonly TaskKind[] = KINDS): string {
  let out = '- hosts: all\n  gather_facts: false\n  tasks:\n';
  for (let i = 0; i < tasks; i++) out += task(kinds[i % kinds.length]!, i + 1);
  return out;
}

export const BENCH_TEMPLATE = 'host={{ inventory_hostname }}\n{% for i in range(3) %}line {{ i }}\n{% endfor %}\n';
export const ALL_KINDS = KINDS;
