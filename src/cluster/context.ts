import type { Pools } from '../provision/pools/pools.js';
import type { PoolHost } from '../provision/pools/model.js';
import type { PowerDriver } from '../provision/power/driver.js';
import type { HostStateStore } from '../provision/store/store.js';

/** One run of a playbook with a cluster's generated inventory (the CLI runs it in-process). */
export interface PlaybookRunRequest {
  readonly playbook: string;
  readonly inventory: string;
  readonly limit?: string;
  readonly tags?: readonly string[];
  /**
   * Instead of the playbook's plays: one play running these roles, in order, on the limited
   * hosts with become (as `kplay role R -b`), its roles/ and group_vars/ beside the playbook.
   */
  readonly roles?: readonly string[];
  /** Aborted on Ctrl-C/SIGTERM: a runner that can stop early should (the build stops waiting either way). */
  readonly signal?: AbortSignal;
}

/** What the cluster commands work with; the CLI builds it, tests swap parts (driver, runner). */
export interface ClusterContext {
  /** The directory holding `.kplay/` (state store, clusters/). */
  readonly projectDir: string;
  readonly pools: Pools;
  readonly store: HostStateStore;
  /** Runs a playbook; resolves to ansible-playbook's exit code. */
  readonly runPlaybook: (req: PlaybookRunRequest) => Promise<number>;
  /** The playbook when cluster.yml names none: kplay's playbooks/site.yml. */
  readonly defaultPlaybook: string;
  /** Default: the host's BMC driver from pools.yml (IPMI). */
  readonly driverFor?: (host: PoolHost) => PowerDriver;
  /** Progress lines (`kplay cluster` prints them). */
  readonly log?: (line: string) => void;
  /** How long a powered-on host may take to answer SSH (default 300 s). */
  readonly sshTimeoutMs?: number;
  readonly runId?: string;
  /** Ctrl-C/SIGTERM: the command stops, records what it started, and throws ClusterInterruptedError. */
  readonly signal?: AbortSignal;
}
