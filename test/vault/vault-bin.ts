/** `node --import tsx test/vault/vault-bin.ts ARGS…` runs `kplay vault ARGS…` as its own process. */
import { runVaultCli } from '../../src/cli/vault-command.js';

runVaultCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 250;
  },
);
