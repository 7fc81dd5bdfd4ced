#!/usr/bin/env node
// A closed pipe (kplay … | head) ends output quietly, as with any Unix tool.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const argv = process.argv.slice(2);
// `kplay inventory` loads only its own modules, not the playbook engine main.js pulls in.
const run =
  argv[0] === 'inventory'
    ? import('../dist/cli/inventory-command.js').then((m) => m.runInventoryCli(argv.slice(1)))
    : import('../dist/cli/main.js').then((m) => m.main(argv));
run.then((code) => {
  process.exitCode = code;
});
