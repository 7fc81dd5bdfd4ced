import type { RunCallback } from '../callback/events.js';
import type { RunStats } from '../callback/stats.js';
import type { Settings } from '../config/settings.js';
import type { ConnectionPool } from '../connection/pool.js';
import type { VariableManager } from '../vars/variable-manager.js';
import type { InventoryView, TemplarView } from './ports.js';
import type { LoaderEnv } from '../playbook/loader-env.js';
import type { AsyncJobs } from './async-jobs.js';
import type { StartAtTask } from './start-at-task.js';
import type { SshConfig } from '../connection/ssh-config.js';

/** Everything a run shares; passed down explicitly, never global. */
export interface RunContext {
  readonly settings: Settings;
  readonly inventory: InventoryView;
  readonly templar: TemplarView;
  readonly vars: VariableManager;
  readonly callback: RunCallback;
  readonly stats: RunStats;
  readonly connections: ConnectionPool;
  /** The `omit` placeholder: arguments templated to it are dropped. */
  readonly omit: string;
  /** How include_tasks/include_role load files at run time. */
  readonly loaderEnv: LoaderEnv;
  readonly asyncJobs: AsyncJobs;
  readonly startAt: StartAtTask;
  /** ~/.ssh/config, read once per run. */
  readonly sshConfig: SshConfig;
}
