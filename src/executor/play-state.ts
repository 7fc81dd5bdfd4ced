/** Which hosts of a play are still running, failed or unreachable. */
export class PlayState {
  private readonly failed = new Set<string>();
  private readonly unreachable = new Set<string>();
  private readonly rescued = new Set<string>();
  private readonly ended = new Set<string>();

  constructor(
    readonly hosts: readonly string[],
    failedBefore: ReadonlySet<string>,
  ) {
    for (const h of hosts) if (failedBefore.has(h)) this.failed.add(h);
  }

  activeHosts(): string[] {
    return this.hosts.filter((h) => this.isActive(h));
  }

  isActive(host: string): boolean {
    return !this.failed.has(host) && !this.unreachable.has(host) && !this.ended.has(host);
  }

  markFailed(host: string): void {
    this.failed.add(host);
  }

  markUnreachable(host: string): void {
    this.unreachable.add(host);
  }

  clearFailure(host: string): void {
    this.failed.delete(host);
  }

  /** A host that ended its play early (meta: end_host): not failed, but runs nothing more. */
  endHost(host: string): void {
    this.ended.add(host);
  }

  rescuing(host: string): void {
    this.rescued.add(host);
  }

  /** Hosts of this batch that failed or became unreachable. */
  downCount(): number {
    return this.hosts.filter((h) => this.failed.has(h) || this.unreachable.has(h)).length;
  }

  failedHosts(): ReadonlySet<string> {
    return this.failed;
  }

  unreachableHosts(): ReadonlySet<string> {
    return this.unreachable;
  }
}
