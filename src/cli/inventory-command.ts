/** `kplay inventory --list | --graph | --host H`: wired when src/inventory/render lands. */
export async function runInventoryCli(_argv: string[]): Promise<number> {
  process.stderr.write('ERROR! kplay inventory is not available yet\n');
  return 1;
}
