// How the git module runs commands on the host: AnsibleModule.run_command's cwd rule (an
// existing directory, else the login directory), the module's umask, GIT_SSH_COMMAND, the C locale.
import { shellJoin, shellQuote } from '../../connection/quote.js';
import { run, type RunResult } from '../system/remote.js';
import type { ModuleContext } from '../types.js';

/** A module failure with Ansible's message and extra result keys (rc, stdout, stderr, cmd …). */
export class GitFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GitFailure';
  }
}

export class GitRunner {
  constructor(
    private readonly ctx: ModuleContext,
    /** The git binary's full path (Ansible reports commands with it). */
    readonly git: string,
    private readonly umask: number | null,
    /** What set_git_ssh_env appends to the ssh command (BatchMode, host key and key file options). */
    private readonly sshOptions: string,
  ) {}

  private prefix(cwd: string | undefined): string {
    // Ansible builds GIT_SSH_COMMAND on top of the environment's GIT_SSH or GIT_SSH_COMMAND.
    const parts = ['LC_CTYPE=C; export LC_CTYPE;', `GIT_SSH_COMMAND="\${GIT_SSH:-\${GIT_SSH_COMMAND:-ssh}}"${shellQuote(` ${this.sshOptions}`)}; export GIT_SSH_COMMAND;`];
    if (this.umask !== null) parts.push(`umask ${this.umask.toString(8).padStart(4, '0')};`);
    if (cwd) parts.push(`if [ -d ${shellQuote(cwd)} ]; then cd -- ${shellQuote(cwd)}; fi;`);
    return parts.join(' ');
  }

  /** Runs git with these arguments (rc not checked). */
  git_(args: readonly string[], cwd?: string): Promise<RunResult> {
    return this.raw([this.git, ...args], cwd);
  }

  /** Runs any argv in the module's environment. */
  raw(argv: readonly string[], cwd?: string): Promise<RunResult> {
    return run(this.ctx, `${this.prefix(cwd)} ${shellJoin(argv)}`);
  }

  /** run_command(check_rc=True): a non-zero rc fails the module with stderr as the message. */
  async checked(args: readonly string[], cwd?: string): Promise<RunResult> {
    const r = await this.git_(args, cwd);
    if (r.rc !== 0) throw new GitFailure(r.err.trimEnd(), { cmd: shellJoin([this.git, ...args]), rc: r.rc, stdout: r.out, stderr: r.err });
    return r;
  }

  /** Runs a shell test or read on the host (paths quoted by the caller). */
  shell(script: string): Promise<RunResult> {
    return run(this.ctx, `${this.prefix(undefined)} ${script}`);
  }

  async exists(path: string): Promise<boolean> {
    return (await this.shell(`[ -e ${shellQuote(path)} ]`)).rc === 0;
  }
}
