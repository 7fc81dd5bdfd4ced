/**
 * Standard input for `kplay vault`, shared by password prompts and data: piped input is
 * read line by line for prompts (as getpass falls back to) and the rest stays available
 * for `-`; on a TTY prompts do not echo.
 */
import { createInterface } from 'node:readline';
import { Secret } from '../../secrets/secret.js';
import { ByteSecret } from '../secrets.js';

export interface Terminal {
  /** getpass(): a line read without echo; undefined at end of input. */
  secret(prompt: string): Promise<Secret | undefined>;
  /** input(): a line read with echo, prompt on stdout; undefined at end of input. */
  line(prompt: string): Promise<string | undefined>;
  readAll(): Promise<Buffer>;
  readonly stdinIsTTY: boolean;
}

export class StdinTerminal implements Terminal {
  #buf = Buffer.alloc(0);
  #ended = false;
  #it: AsyncIterator<Buffer | string> | undefined;

  constructor(
    private readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean },
    private readonly stdout: NodeJS.WritableStream,
    private readonly stderr: NodeJS.WritableStream,
  ) {}

  get stdinIsTTY(): boolean {
    return this.stdin.isTTY === true;
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    this.#it ??= (this.stdin as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const r = await this.#it.next();
    if (r.done) {
      this.#ended = true;
      return false;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    this.#buf = Buffer.concat([this.#buf, chunk]);
    return true;
  }

  /** One line without its newline; undefined when input ended before any byte. */
  async #readLine(): Promise<Buffer | undefined> {
    for (;;) {
      const nl = this.#buf.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.#buf.subarray(0, nl);
        this.#buf = this.#buf.subarray(nl + 1);
        return line;
      }
      if (!(await this.#fill())) {
        if (this.#buf.length === 0) return undefined;
        const rest = this.#buf;
        this.#buf = Buffer.alloc(0);
        return rest;
      }
    }
  }

  #ttyLine(prompt: string, out: NodeJS.WritableStream, mute: boolean): Promise<string | undefined> {
    return new Promise((resolve) => {
      const rl = createInterface({ input: this.stdin, output: out, terminal: true });
      const writer = rl as unknown as { _writeToOutput?: (s: string) => void };
      out.write(prompt);
      if (mute) writer._writeToOutput = () => undefined;
      let answered = false;
      rl.once('line', (line) => {
        answered = true;
        rl.close();
        if (mute) out.write('\n');
        resolve(line);
      });
      rl.once('close', () => {
        if (!answered) resolve(undefined);
      });
    });
  }

  async secret(prompt: string): Promise<Secret | undefined> {
    if (this.stdinIsTTY) {
      const line = await this.#ttyLine(prompt, this.stderr, true);
      return line === undefined ? undefined : new Secret(line);
    }
    this.stderr.write(prompt);
    const line = await this.#readLine();
    if (line === undefined) return undefined;
    this.stderr.write('\n');
    return new ByteSecret(line);
  }

  async line(prompt: string): Promise<string | undefined> {
    if (this.stdinIsTTY) return this.#ttyLine(prompt, this.stdout, false);
    this.stdout.write(prompt);
    return (await this.#readLine())?.toString('utf8');
  }

  async readAll(): Promise<Buffer> {
    while (await this.#fill());
    const all = this.#buf;
    this.#buf = Buffer.alloc(0);
    return all;
  }
}
