import { loadSettings } from '../config/load-settings.js';
import { InventoryError, inventoryGraph, inventoryHostJson, inventoryHostYaml, inventoryListJson, inventoryListYaml, loadInventory } from '../inventory/index.js';
import { SourceError } from '../errors/source-error.js';
import { parseExtraVars } from '../vars/extra-vars.js';
import { formatError } from './format-error.js';
import { INVENTORY_HELP, INVENTORY_USAGE, parseInventoryArgs } from './inventory-args.js';
import { openRunVault } from './run-vault.js';
import { warningText } from '../callback/warning-text.js';

/** `kplay inventory --list | --graph [GROUP] | --host H [--vars] [--yaml] [--export]`: ansible-inventory's output. */
export async function runInventoryCli(argv: string[]): Promise<number> {
  const parsed = parseInventoryArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(INVENTORY_HELP);
    return 0;
  }
  if (parsed.kind === 'usage') {
    process.stderr.write(`${INVENTORY_USAGE}\nkplay inventory: error: ${parsed.message}\n`);
    return 2;
  }
  const args = parsed.args;
  const modes = [args.list, args.host !== undefined, args.graph].filter(Boolean).length;
  if (modes !== 1) {
    process.stderr.write('ERROR! No action selected, at least one of --host, --graph or --list needs to be specified.\n');
    return 5;
  }
  try {
    const cwd = process.cwd();
    const vault = await openRunVault({ vaultIds: args.vaultIds, vaultPasswordFiles: args.vaultPasswordFiles, askVaultPass: args.askVaultPass }, { cwd, env: process.env, err: process.stderr });
    const extraVars = parseExtraVars(args.extraVars, cwd, vault);
    const settings = loadSettings({ inventory: args.inventory, verbosity: args.verbosity, check: false, diff: false, extraVars }, process.env, cwd);
    const { inventory, warnings } = await loadInventory([...settings.inventory], { cwd, env: process.env, decrypt: vault.inventoryDecryptHook() });
    for (const w of warnings) process.stderr.write(warningText(w));
    if (args.limit) inventory.limit(args.limit);
    const opts = { cwd, extraVars, ...(args.playbookDir ? { playbookDir: args.playbookDir } : {}), ...(args.export ? { export: true } : {}) };
    let out: string;
    if (args.graph) out = inventoryGraph(inventory, args.positionals[0], { ...opts, vars: args.vars === true });
    else if (args.host !== undefined) out = args.yaml ? inventoryHostYaml(inventory, args.host, opts) : inventoryHostJson(inventory, args.host, opts);
    else out = args.yaml ? inventoryListYaml(inventory, opts) : inventoryListJson(inventory, opts);
    for (const w of inventory.takeWarnings()) process.stderr.write(warningText(w));
    process.stdout.write(out.endsWith('\n') ? out : out + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    return e instanceof SourceError ? 4 : e instanceof InventoryError ? 1 : 250;
  }
}
