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
}

export interface LabOptions {
  hosts: number;
  /** Boot a real systemd as PID 1 (slower, ~16 MB each) instead of a bare sshd. */
  systemd?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Lab {
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
