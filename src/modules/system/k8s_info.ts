// Follows kubernetes.core.k8s_info (2.4) with the host's kubectl: `resources` is the list of matching objects.
import type { ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { KUBE_CONNECTION_OPTIONS, kubectl, resourceRef } from './kubectl.js';

export const k8sInfoSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    kind: { type: 'str', required: true },
    api_version: { type: 'str', default: 'v1', aliases: ['api', 'version'] },
    name: { type: 'str' },
    namespace: { type: 'str' },
    label_selectors: { type: 'list', elements: 'str', default: [] },
    field_selectors: { type: 'list', elements: 'str', default: [] },
    wait: { type: 'bool', default: false },
    wait_sleep: { type: 'int', default: 5 },
    wait_timeout: { type: 'int', default: 120 },
    wait_condition: { type: 'dict' },
    ...KUBE_CONNECTION_OPTIONS,
  },
};

export const k8s_info: ModuleDefinition = {
  name: 'k8s_info',
  spec: k8sInfoSpec,
  async run(args, ctx): Promise<ModuleResult> {
    if (args['api_key'] !== null) return { failed: true, changed: false, msg: 'kplay runs kubectl, which takes a token only on its command line: use a kubeconfig instead of api_key' };
    const argv = ['get', resourceRef(String(args['kind']), String(args['api_version']))];
    if (args['name'] !== null) argv.push(String(args['name']));
    argv.push(...(args['namespace'] !== null ? ['--namespace', String(args['namespace'])] : args['name'] === null ? ['--all-namespaces'] : []));
    const labels = args['label_selectors'] as string[];
    const fields = args['field_selectors'] as string[];
    if (labels.length) argv.push(`--selector=${labels.join(',')}`);
    if (fields.length) argv.push(`--field-selector=${fields.join(',')}`);
    argv.push('-o', 'json', '--ignore-not-found');
    const r = await kubectl(ctx, args, argv);
    if (r.rc !== 0) {
      if (/the server doesn't have a resource type/.test(r.err)) return { changed: false, api_found: false, resources: [] };
      return { failed: true, changed: false, msg: r.err.trim() || `kubectl get failed with rc ${r.rc}` };
    }
    let resources: unknown[] = [];
    if (r.out.trim()) {
      const parsed = JSON.parse(r.out) as Record<string, unknown>;
      resources = Array.isArray(parsed['items']) ? (parsed['items'] as unknown[]) : [parsed];
    }
    return { changed: false, api_found: true, resources };
  },
};
