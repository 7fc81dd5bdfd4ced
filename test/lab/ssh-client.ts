/** A minimal ssh2 client for the lab's own tests: one command per connection. */
import { readFileSync } from 'node:fs';
import { Client, type ConnectConfig } from 'ssh2';
import type { ExecResult, Lab, TestHost } from './api.js';

export interface SshLogin {
  readonly username: string;
  readonly privateKeyFile?: string;
  readonly password?: string;
}

export function sshExec(host: TestHost, login: SshLogin, command: string, stdin?: string): Promise<ExecResult> {
  const cfg: ConnectConfig = { host: host.address, port: host.port, username: login.username, readyTimeout: 20_000 };
  if (login.privateKeyFile) cfg.privateKey = readFileSync(login.privateKeyFile);
  if (login.password !== undefined) cfg.password = login.password;
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(command, (err, ch) => {
        if (err) {
          client.end();
          reject(err);
          return;
        }
        let stdout = '';
        let stderr = '';
        ch.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        ch.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        ch.on('exit', (code: number | null) => {
          ch.on('close', () => {
            client.end();
            resolve({ stdout, stderr, code: code ?? 255 });
          });
        });
        ch.end(stdin);
      });
    });
    client.connect(cfg);
  });
}

export function rootLogin(lab: Lab): SshLogin {
  return { username: 'root', privateKeyFile: lab.keyFile };
}

export function userLogin(lab: Lab): SshLogin {
  return { username: lab.user.name, privateKeyFile: lab.keyFile };
}
