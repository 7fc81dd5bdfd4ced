import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SourceError } from '../errors/source-error.js';
import type { PlayNode } from '../playbook/model.js';
import { loadYamlFile, positionOf } from '../yaml/load.js';
import type { VaultReader } from '../yaml/tags.js';

type Vars = Record<string, unknown>;

/**
 * A play's `vars_files`, per host: names are templated with the host's variables, a list entry
 * takes the first file that exists, files are read once.
 */
export class PlayVarsFiles {
  private readonly cache = new Map<string, Vars>();

  constructor(
    private readonly template: (value: unknown, vars: Vars) => unknown,
    private readonly vault?: VaultReader,
  ) {}

  private load(path: string, play: PlayNode): Vars {
    let v = this.cache.get(path);
    if (!v) {
      const data = loadYamlFile(path, this.vault);
      if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
        throw new SourceError(`Invalid vars_files entry: ${path} must contain a dictionary`, { code: 'KPLAY_PARSE', pos: positionOf(play.keywords, 'vars_files') ?? play.pos });
      }
      v = (data as Vars | null) ?? {};
      this.cache.set(path, v);
    }
    return v;
  }

  /**
   * VariableManager.get_vars(play=…) before the play starts: every vars file whose name
   * templates without host vars and exists is read now, so a vault or syntax error stops
   * the run before the PLAY banner, as in Ansible. Others wait for their host.
   */
  preload(play: PlayNode, base: Vars): void {
    const entries = play.keywords['vars_files'];
    if (entries === undefined || entries === null) return;
    const dir = dirname(play.pos.file);
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      for (const option of Array.isArray(entry) ? entry : [entry]) {
        let path: string;
        try {
          path = resolve(dir, String(this.template(option, base)));
        } catch {
          break;
        }
        if (!existsSync(path)) continue;
        this.load(path, play);
        break;
      }
    }
  }

  varsFor(play: PlayNode, base: Vars): Vars {
    const entries = play.keywords['vars_files'];
    if (entries === undefined || entries === null) return {};
    const list = Array.isArray(entries) ? entries : [entries];
    const dir = dirname(play.pos.file);
    const out: Vars = {};
    for (const entry of list) {
      const options = Array.isArray(entry) ? entry : [entry];
      const found = options.map((o) => resolve(dir, String(this.template(o, base)))).find((p) => existsSync(p));
      if (!found) {
        throw new SourceError(`vars file ${options.map(String).join(', ')} was not found`, { code: 'KPLAY_VARS_FILE', pos: positionOf(play.keywords, 'vars_files') ?? play.pos });
      }
      Object.assign(out, this.load(found, play));
    }
    return out;
  }
}
