import { RunError, SourceError, formatPos, type SourcePos } from '../errors/source-error.js';

/** Every problem in cluster.yml at once; the first one's position and line are the error's. */
export class ClusterSpecError extends SourceError {
  readonly errors: readonly SourceError[];

  constructor(errors: readonly SourceError[]) {
    const first = errors[0];
    const lines = errors.map((e) => (e.pos ? `${formatPos(e.pos)}: ${e.message}` : e.message));
    super(errors.length === 1 ? (lines[0] ?? 'invalid cluster file') : `${errors.length} problems in cluster file:\n${lines.join('\n')}`, {
      code: first?.code ?? 'KPLAY_CLUSTER',
      ...(first?.pos ? { pos: first.pos } : {}),
      ...(first?.snippet ? { snippet: first.snippet } : {}),
    });
    this.name = 'ClusterSpecError';
    this.errors = errors;
  }
}

/** The pool cannot supply what the spec asks for; raised before any host is touched. */
export class NotEnoughHostsError extends RunError {
  constructor(message: string) {
    super(message);
    this.name = 'NotEnoughHostsError';
  }
}

/** A command that does not fit the cluster's recorded state (unknown member, no cluster yet …). */
export class ClusterStateError extends RunError {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterStateError';
  }
}

/** The build ran and failed: the hosts are recorded with `reason`. */
export class ClusterBuildError extends RunError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ClusterBuildError';
  }
}

/** Ctrl-C or SIGTERM stopped the command; what it had started is recorded (see `reason`). */
export class ClusterInterruptedError extends RunError {
  constructor(
    message: string,
    /** `interrupted by SIGINT` …: the abort's reason, as the hosts record it. */
    readonly reason: string,
  ) {
    super(message);
    this.name = 'ClusterInterruptedError';
  }
}

/** cluster.yml asks a built cluster for something `up` does not do (fewer nodes …), at the field's position. */
export class ClusterSpecChangeError extends SourceError {
  constructor(message: string, pos: SourcePos | undefined) {
    super(message, { code: 'KPLAY_CLUSTER', ...(pos ? { pos } : {}) });
    this.name = 'ClusterSpecChangeError';
  }
}
