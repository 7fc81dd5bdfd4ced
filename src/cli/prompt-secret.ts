import { createInterface } from 'node:readline';
import { Secret } from '../secrets/secret.js';

/** Asks for a password on the terminal without echoing it (getpass), or reads one line of stdin. */
export function promptSecret(prompt: string): Promise<Secret> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    const output = process.stderr;
    const rl = createInterface({ input, output, terminal: input.isTTY === true });
    const muted = rl as unknown as { _writeToOutput?: (s: string) => void };
    output.write(prompt);
    if (input.isTTY) muted._writeToOutput = () => undefined;
    rl.once('line', (line) => {
      rl.close();
      if (input.isTTY) output.write('\n');
      resolve(new Secret(line));
    });
    rl.once('close', () => reject(new Error('no password given')));
  });
}
