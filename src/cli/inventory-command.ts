import yargs from 'yargs';
import { loadSettings } from '../config/load-settings.js';
import { InventoryError, inventoryGraph, inventoryHostJson, inventoryHostYaml, inventoryListJson, inventoryListYaml, loadInventory } from '../inventory/index.js';
import { SourceError } from '../errors/source-error.js';
import { parseExtraVars } from '../vars/extra-vars.js';
import { formatError } from './format-error.js';
import { openRunVault, runVaultFlags, vaultFlagsConflict } from './run-vault.js';

function many(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** `kplay inventory --list | --graph [GROUP] | --host H [--vars] [--yaml] [--export]`: ansible-inventory's output. */
export async function runInventoryCli(argv: string[]): Promise<number> {
  let usage: string | undefined;
  const args = await yargs(argv)
    .scriptName('kplay inventory')
    .usage('usage: kplay inventory [options] [host|group]')
    .option('inventory', { alias: ['i', 'inventory-file'], type: 'string' })
    .option('list', { type: 'boolean', describe: 'Output all hosts info, works as inventory script' })
    .option('host', { type: 'string', describe: 'Output specific host info, works as inventory script' })
    .option('graph', { type: 'boolean', describe: 'create inventory graph, if supplying pattern it must be a valid group name' })
    .option('vars', { type: 'boolean', describe: 'Add vars to graph display, ignored unless used with --graph' })
    .option('yaml', { alias: 'y', type: 'boolean', describe: 'Use YAML format instead of default JSON, ignored for --graph' })
    .option('export', { type: 'boolean', describe: 'When doing an --list, represent in a way that is optimized for export' })
    .option('playbook-dir', { type: 'string' })
    .option('limit', { alias: 'l', type: 'string' })
    .option('extra-vars', { alias: 'e', type: 'string' })
    .option('verbose', { alias: 'v', type: 'count' })
    .option('vault-password-file', { alias: 'vault-pass-file', type: 'string', describe: 'vault password file' })
    .option('vault-id', { type: 'string', describe: 'the vault identity to use' })
    .option('ask-vault-pass', { alias: 'ask-vault-password', type: 'boolean', describe: 'ask for vault password' })
    .strictOptions()
    .help('help')
    .alias('help', 'h')
    .parserConfiguration({ 'duplicate-arguments-array': true, 'strip-aliased': true })
    .fail((msg) => {
      usage = msg;
    })
    .exitProcess(false)
    .parseAsync();
  usage ??= vaultFlagsConflict(args);
  if (usage) {
    process.stderr.write(`usage: kplay inventory [options] [host|group]\nkplay inventory: error: ${usage}\n`);
    return 2;
  }
  if (args.help) return 0;
  const modes = [args.list, args.host !== undefined, args.graph].filter(Boolean).length;
  if (modes !== 1) {
    process.stderr.write('ERROR! No action selected, at least one of --host, --graph or --list needs to be specified.\n');
    return 5;
  }
  try {
    const cwd = process.cwd();
    const vault = await openRunVault(runVaultFlags(args), { cwd, env: process.env, err: process.stderr });
    const extraVars = parseExtraVars(many(args.extraVars), cwd, vault);
    const settings = loadSettings({ inventory: many(args.inventory), verbosity: args.verbose ?? 0, check: false, diff: false, extraVars }, process.env, cwd);
    const { inventory, warnings } = await loadInventory([...settings.inventory], { cwd, env: process.env, decrypt: vault.inventoryDecryptHook() });
    for (const w of warnings) process.stderr.write(`[WARNING]: ${w}\n`);
    if (args.limit) inventory.limit(args.limit);
    const opts = { cwd, extraVars, ...(args.playbookDir ? { playbookDir: args.playbookDir } : {}), ...(args.export ? { export: true } : {}) };
    let out: string;
    if (args.graph) out = inventoryGraph(inventory, (args._[0] as string | undefined) ?? undefined, { ...opts, vars: args.vars === true });
    else if (args.host !== undefined) out = args.yaml ? inventoryHostYaml(inventory, args.host, opts) : inventoryHostJson(inventory, args.host, opts);
    else out = args.yaml ? inventoryListYaml(inventory, opts) : inventoryListJson(inventory, opts);
    for (const w of inventory.takeWarnings()) process.stderr.write(`[WARNING]: ${w}\n`);
    process.stdout.write(out.endsWith('\n') ? out : out + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    return e instanceof SourceError ? 4 : e instanceof InventoryError ? 1 : 250;
  }
}
