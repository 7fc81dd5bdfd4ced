// Follows ansible.builtin.async_status: the state of a job started with `async:`.
import type { ModuleDefinition } from './types.js';

export const async_status: ModuleDefinition = {
  name: 'async_status',
  controllerOnly: true,
  spec: { supportsCheckMode: true, options: { jid: { required: true }, mode: { default: 'status', choices: ['status', 'cleanup'] }, _async_dir: { type: 'path' } } },
  async run(args, ctx) {
    const jid = String(args['jid']);
    const job = ctx.asyncJob?.(jid);
    if (!job) return { failed: true, changed: false, msg: `could not find job`, ansible_job_id: jid, started: 1, finished: 1 };
    const header = { ansible_job_id: jid, results_file: `~/.ansible_async/${jid}`, started: 1 };
    if (args['mode'] === 'cleanup') return { ...header, erased: header.results_file, changed: false };
    if (!job.result) return { ...header, finished: 0, changed: false };
    return { ...header, ...job.result, finished: 1 };
  },
};
