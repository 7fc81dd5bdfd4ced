// Follows kubernetes.core.k8s (2.4, runner.perform_action) with the host's kubectl in place of the Python client:
// create when absent, update (strategic merge patch) / apply / replace when present, delete for absent.
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { KUBE_CONNECTION_OPTIONS, kubectl } from './kubectl.js';
import { readText } from './remote.js';

export const k8sSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    state: { type: 'str', default: 'present', choices: ['absent', 'present', 'patched'] },
    force: { type: 'bool', default: false },
    resource_definition: { type: 'raw', aliases: ['definition', 'inline'] },
    src: { type: 'path' },
    kind: { type: 'str' },
    name: { type: 'str' },
    namespace: { type: 'str' },
    api_version: { type: 'str', default: 'v1', aliases: ['api', 'version'] },
    merge_type: { type: 'list', elements: 'str' },
    validate: { type: 'dict' },
    append_hash: { type: 'bool', default: false },
    apply: { type: 'bool', default: false },
    template: { type: 'raw' },
    continue_on_error: { type: 'bool', default: false },
    label_selectors: { type: 'list', elements: 'str' },
    generate_name: { type: 'str' },
    server_side_apply: { type: 'dict' },
    delete_options: { type: 'dict' },
    wait: { type: 'bool', default: false },
    wait_sleep: { type: 'int', default: 5 },
    wait_timeout: { type: 'int', default: 120 },
    wait_condition: { type: 'dict' },
    ...KUBE_CONNECTION_OPTIONS,
  },
  mutuallyExclusive: [['resource_definition', 'src'], ['merge_type', 'apply'], ['template', 'resource_definition'], ['template', 'src']],
};

type Obj = Record<string, unknown>;
class K8sFailure extends Error {}

function fromYaml(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d): d is Obj => d !== null && typeof d === 'object');
}

/** create_definitions: the documents, the module's kind/name/namespace/apiVersion merged in, *List kinds flattened. */
async function definitions(args: Obj, ctx: ModuleContext): Promise<Obj[]> {
  let docs: Obj[];
  const def = args['resource_definition'];
  if (def !== null) docs = typeof def === 'string' ? fromYaml(def) : Array.isArray(def) ? (def as Obj[]) : [def as Obj];
  else if (args['src'] !== null) {
    const src = String(args['src']);
    const local = ctx.findFile?.('files', src);
    const text = local !== undefined ? readFileSync(local, 'utf8') : await readText(ctx, src);
    if (text === undefined) throw new K8sFailure(`Failed to load resource definition: Error accessing ${src}. Does the file exist?`);
    docs = fromYaml(text);
  } else docs = [{}];
  const out: Obj[] = [];
  for (const d of docs) {
    const doc: Obj = structuredClone(d);
    const meta = ((doc['metadata'] as Obj | undefined) ??= {});
    if (!doc['kind'] && args['kind'] !== null) doc['kind'] = args['kind'];
    if (!doc['apiVersion'] && args['api_version'] !== null) doc['apiVersion'] = args['api_version'];
    if (!meta['name'] && args['name'] !== null) meta['name'] = args['name'];
    if (!meta['namespace'] && args['namespace'] !== null) meta['namespace'] = args['namespace'];
    if (typeof doc['kind'] === 'string' && doc['kind'].endsWith('List') && Array.isArray(doc['items'])) {
      for (const item of doc['items'] as Obj[]) out.push({ apiVersion: doc['apiVersion'], ...item });
    } else out.push(doc);
  }
  return out;
}

/* diff_objects ignores what the server bumps on every write. */
function comparable(o: Obj): Obj {
  const c = structuredClone(o);
  const meta = c['metadata'] as Obj | undefined;
  if (meta) for (const k of ['resourceVersion', 'generation', 'managedFields']) delete meta[k];
  return c;
}

const parseJson = (text: string, what: string): Obj => {
  try {
    return JSON.parse(text) as Obj;
  } catch {
    throw new K8sFailure(`kubectl ${what} gave no JSON: ${text.slice(0, 200)}`);
  }
};

async function performAction(args: Obj, ctx: ModuleContext, definition: Obj): Promise<ModuleResult> {
  const manifest = JSON.stringify(definition);
  const dryRun = ctx.checkMode ? ['--dry-run=server'] : [];
  const k = (argv: string[], files: Record<string, string> = {}): ReturnType<typeof kubectl> => kubectl(ctx, args, argv, files);
  const got = await k(['get', '-f', '@def@', '-o', 'json', '--ignore-not-found'], { def: manifest });
  if (got.rc !== 0) throw new K8sFailure(got.err.trim() || `kubectl get failed with rc ${got.rc}`);
  const existing = got.out.trim() ? parseJson(got.out, 'get') : undefined;
  const result: ModuleResult = { changed: false, result: {} };
  let instance: unknown = {};
  const write = async (argv: string[], files: Record<string, string>): Promise<Obj> => {
    const r = await k([...argv, ...dryRun, '-o', 'json'], files);
    if (r.rc !== 0) throw new K8sFailure(r.err.trim() || `kubectl ${argv[0]} failed with rc ${r.rc}`);
    return parseJson(r.out, argv[0]!);
  };
  if (args['state'] === 'absent') {
    result['method'] = 'delete';
    if (existing) {
      const r = await k(['delete', '-f', '@def@', '--ignore-not-found', ...dryRun, `--wait=${args['wait'] === true}`], { def: manifest });
      if (r.rc !== 0) throw new K8sFailure(r.err.trim() || `kubectl delete failed with rc ${r.rc}`);
      instance = existing;
      result.changed = true;
    }
  } else {
    if (args['apply'] === true) {
      instance = await write(['apply', '-f', '@def@'], { def: manifest });
      result['method'] = 'apply';
    } else if (!existing) {
      if (args['state'] === 'patched') {
        const meta = definition['metadata'] as Obj;
        return { ...result, warnings: [`resource 'kind=${String(definition['kind'])},name=${String(meta['name'])}' was not found but will not be created as 'state' parameter has been set to 'patched'`] };
      }
      instance = await write(['create', '-f', '@def@'], { def: manifest });
      result['method'] = 'create';
      result.changed = true;
    } else if (args['force'] === true) {
      instance = await write(['replace', '-f', '@def@'], { def: manifest });
      result['method'] = 'replace';
    } else {
      const type = ((args['merge_type'] as string[] | null) ?? ['strategic-merge'])[0] === 'json' ? 'json' : ((args['merge_type'] as string[] | null) ?? ['strategic-merge'])[0] === 'merge' ? 'merge' : 'strategic';
      instance = await write(['patch', '-f', '@def@', `--type=${type}`, '--patch-file=@patch@'], { def: manifest, patch: manifest });
      result['method'] = 'update';
    }
    if (result['method'] !== 'create') {
      const before = existing ? comparable(existing) : {};
      const after = comparable(instance as Obj);
      result.changed = !isDeepStrictEqual(before, after);
      if (ctx.diff) result['diff'] = { before, after };
    }
  }
  result['result'] = instance;
  return result;
}

export const k8s: ModuleDefinition = {
  name: 'k8s',
  spec: k8sSpec,
  async run(args, ctx): Promise<ModuleResult> {
    try {
      if (args['api_key'] !== null) throw new K8sFailure('kplay runs kubectl, which takes a token only on its command line: use a kubeconfig instead of api_key');
      const defs = await definitions(args, ctx);
      const results: ModuleResult[] = [];
      for (const d of defs) {
        try {
          results.push(await performAction(args, ctx, d));
        } catch (e) {
          if (!(e instanceof K8sFailure) || args['continue_on_error'] !== true) throw e;
          results.push({ changed: false, result: {}, error: { msg: e.message } });
        }
      }
      if (results.length === 1) return results[0]!;
      return { changed: results.some((r) => r.changed === true), result: { results } };
    } catch (e) {
      if (e instanceof K8sFailure) return { failed: true, changed: false, msg: e.message };
      throw e;
    }
  },
};
