// The host's kubectl as kubernetes.core's modules use the API: connection options, resource names, temp files for manifests.
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { ModuleContext, OptionSpec } from '../types.js';
import { run, type RunResult } from './remote.js';

/** The connection options both k8s modules take (kubernetes.core's auth options kplay maps to kubectl flags). */
export const KUBE_CONNECTION_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  kubeconfig: { type: 'raw', aliases: ['kubeconfig_path'] },
  context: { type: 'str' },
  host: { type: 'str' },
  /* kubectl takes a token only in argv: kplay refuses it rather than expose it (use a kubeconfig). */
  api_key: { type: 'str', noLog: true },
  validate_certs: { type: 'bool', aliases: ['verify_ssl'] },
  ca_cert: { type: 'path', aliases: ['ssl_ca_cert'] },
  client_cert: { type: 'path', aliases: ['cert_file'] },
  client_key: { type: 'path', aliases: ['key_file'] },
  username: { type: 'str' },
  password: { type: 'str', noLog: true },
  proxy: { type: 'str' },
  no_proxy: { type: 'str' },
  persist_config: { type: 'bool' },
  impersonate_user: { type: 'str' },
  impersonate_groups: { type: 'list', elements: 'str' },
};

export function kubectlFlags(args: Record<string, unknown>): string[] {
  const flags: string[] = [];
  const opt = (k: string): string | undefined => (args[k] === null || args[k] === undefined ? undefined : String(args[k]));
  const kubeconfig = opt('kubeconfig');
  if (kubeconfig !== undefined) flags.push(`--kubeconfig=${kubeconfig}`);
  for (const [k, flag] of [['context', 'context'], ['host', 'server'], ['ca_cert', 'certificate-authority'], ['client_cert', 'client-certificate'], ['client_key', 'client-key'], ['username', 'username'], ['impersonate_user', 'as']] as const) {
    const v = opt(k);
    if (v !== undefined) flags.push(`--${flag}=${v}`);
  }
  if (args['validate_certs'] === false) flags.push('--insecure-skip-tls-verify=true');
  for (const g of (args['impersonate_groups'] as string[] | null) ?? []) flags.push(`--as-group=${g}`);
  return flags;
}

/** `kubectl get` resource name: Kind.version.group for API groups, Kind alone for the core v1 group. */
export function resourceRef(kind: string, apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(slash + 1)}.${apiVersion.slice(0, slash)}`;
}

/**
 * Runs kubectl with argv; `files` are written to private temp files first and their paths take the
 * place of `@name@` words (manifests never travel in argv, as they may hold secrets).
 */
export async function kubectl(ctx: ModuleContext, args: Record<string, unknown>, argv: string[], files: Record<string, string> = {}): Promise<RunResult> {
  const names = Object.keys(files);
  const setup = names.map((n, i) => `f${i}=$(mktemp) || exit 97; printf '%s' ${shellQuote(files[n]!)} > "$f${i}"`);
  const words = argv.map((w) => {
    const i = names.findIndex((n) => w.includes(`@${n}@`));
    return i < 0 ? shellQuote(w) : w.split(`@${names[i]}@`).map(shellQuote).join(`"$f${i}"`);
  });
  const cleanup = names.length ? `rm -f ${names.map((_, i) => `"$f${i}"`).join(' ')}; ` : '';
  return run(ctx, ['umask 077', ...setup, `kubectl ${shellJoin(kubectlFlags(args))} ${words.join(' ')}; rc=$?; ${cleanup}exit $rc`].join('; '));
}
