/**
 * The contract of the test-host lab (implemented in test/lab/index.ts).
 * Tests, the differential harness and bench/ use only this.
 */
export interface TestHost {
  /** Inventory name: h1, h2, ... */
  readonly name: string;
  /** Address reachable from the controller (root network namespace), sshd on `port`. */
  readonly address: string;
  readonly port: number;
  /** The network namespace the host lives in. */
  readonly netns: string;
  /** PID (as seen from the controller) of the host's PID 1. */
  readonly pid: number;
  /** The overlay upper dir: every write the host makes lands here. */
  readonly upperDir: string;
  /** Root-namespace end of the host's veth (its other end is `eth0` in the host). */
  readonly link: string;
  /** PID of the host's launcher (`unshare`, parent of `pid`). */
  readonly launcherPid: number;
  /** The host's console/log file: sshd's log (bare hosts) or systemd's console. */
  readonly logFile: string;
  /** systemd hosts: the cgroup2 directory that is the host's cgroup root. */
  readonly cgroupDir?: string;
}

export interface LabOptions {
  hosts: number;
  /** Boot a real systemd as PID 1 (slower, ~16 MB each) instead of a bare sshd. */
  systemd?: boolean;
  /**
   * systemd hosts only: when a host's init exits because of a reboot (reboot(2) in its PID
   * namespace), boot it again with the same netns, address and overlay (files persist) and a
   * new boot id (each host then has its own boot_id file). `hosts` shows the new PIDs.
   */
  rebootable?: boolean;
  /** Hosts launched at once (default 8). */
  concurrency?: number;
  /**
   * Install SIGINT/SIGTERM/SIGHUP handlers that tear the lab down synchronously (default
   * true). A caller that handles these signals itself and calls stop() passes false; the
   * cleanup on process 'exit' is installed either way.
   */
  handleSignals?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Lab {
  /** Small integer unique among the labs running on this machine; embedded in all names. */
  readonly id: number;
  readonly systemd: boolean;
  /** Bridge in the root namespace holding `gateway`/16; every host's veth is on it. */
  readonly bridge: string;
  readonly gateway: string;
  readonly hosts: readonly TestHost[];
  /** Private key (no passphrase) accepted for root and for `user.name`. */
  readonly keyFile: string;
  /** A non-root user with sudo that needs `user.password`. */
  readonly user: { readonly name: string; readonly password: string };
  /** Scratch directory of this lab (removed by stop()). */
  readonly dir: string;
  /** Runs a shell command inside the host's namespaces and root, not over SSH. */
  exec(host: TestHost, command: string): Promise<ExecResult>;
  /** Reads a file as the host sees it; undefined when absent. */
  readFile(host: TestHost, path: string): Promise<string | undefined>;
  /** Kills the host's sshd (the host stays up), so SSH to it fails: an unreachable host. */
  killSshd(host: TestHost): Promise<void>;
  /** Kills by PID everything this lab started and removes its namespaces, links and files. */
  stop(): Promise<void>;
}
