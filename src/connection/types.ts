export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the remote side gave none (killed by a signal). */
  code: number | null;
  signal?: string;
}

export interface ExecOptions {
  /** Bytes fed to the command's stdin, then EOF. Passwords go here, never in argv. */
  stdin?: string | Buffer;
  /** Abort the command after this many milliseconds. */
  timeoutMs?: number;
  /** Ask for a PTY (what `ssh -tt` gives Ansible's raw module): output lines end in CRLF. */
  pty?: boolean;
  /**
   * Talk to the command while it runs (su's password prompt): called with all stdout so far;
   * `write` sends bytes to its stdin. stdin is then left open until the command ends.
   */
  interact?: (stdoutSoFar: string, write: (data: string) => void) => void;
}

/** What a module needs from a host: run a command line and move files. Nothing else. */
export interface Connection {
  /** Runs one command line through /bin/sh on the host. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Writes a file on the host (no atomicity: callers rename). */
  putFile(path: string, data: Buffer, mode?: number): Promise<void>;
  /** Reads a file from the host. */
  getFile(path: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** The host could not be reached or the connection broke: Ansible's UNREACHABLE. */
export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}
