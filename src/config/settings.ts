import type { Secret } from '../secrets/secret.js';

/** Everything a run is configured with: ansible.cfg, ANSIBLE_* and flags, merged once. */
export interface Settings {
  readonly forks: number;
  readonly remoteUser: string | undefined;
  /** Default connection plugin (`-c`, ANSIBLE_TRANSPORT): ssh or local. */
  readonly connection: string;
  readonly privateKeyFile: string | undefined;
  readonly connectionPassword: Secret | undefined;
  readonly become: boolean;
  readonly becomeUser: string;
  readonly becomeMethod: string;
  readonly becomePassword: Secret | undefined;
  readonly timeoutSeconds: number;
  readonly hostKeyChecking: boolean;
  readonly gathering: 'implicit' | 'explicit' | 'smart';
  readonly verbosity: number;
  readonly check: boolean;
  readonly diff: boolean;
  /** The default callback's check_mode_markers: `[CHECK MODE]` suffixes and DRY RUN banners (off by default). */
  readonly checkModeMarkers?: boolean;
  readonly limit: string | undefined;
  /** --tags (default all) and --skip-tags. */
  readonly tags: { readonly only: readonly string[]; readonly skip: readonly string[] };
  readonly inventory: readonly string[];
  readonly extraVars: Readonly<Record<string, unknown>>;
  readonly configFile: string | undefined;
  /** roles_path, split. */
  readonly rolesPath: readonly string[];
  readonly forceHandlers: boolean;
  /** --ssh-common-args / ANSIBLE_SSH_COMMON_ARGS: OpenSSH options kplay applies. */
  readonly sshCommonArgs: string | undefined;
  /** --start-at-task: tasks before the first match (name or fnmatch pattern) are skipped. */
  readonly startAtTask: string | undefined;
}
