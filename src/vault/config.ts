/**
 * The vault settings Ansible reads from ANSIBLE_* variables and ansible.cfg's [defaults]
 * (config/base.yml): the variable wins over the file.
 */
import { dirname } from 'node:path';
import { findConfigFile, readConfig } from '../config/ansible-cfg.js';
import { DEFAULT_VAULT_ID } from './envelope.js';
import { unfrackPath } from './paths.js';

export interface VaultConfig {
  /** DEFAULT_VAULT_IDENTITY_LIST: `label@source` slugs tried before --vault-id ones. */
  readonly identityList: readonly string[];
  /** DEFAULT_VAULT_PASSWORD_FILE, made absolute (against ansible.cfg's folder when set there). */
  readonly passwordFile: string | undefined;
  /** DEFAULT_VAULT_ID_MATCH. */
  readonly idMatch: boolean;
  /** DEFAULT_VAULT_IDENTITY. */
  readonly defaultVaultId: string;
  /** DEFAULT_VAULT_ENCRYPT_IDENTITY. */
  readonly encryptVaultId: string | undefined;
  /** DEFAULT_ASK_VAULT_PASS. */
  readonly askVaultPass: boolean;
}

export const EMPTY_VAULT_CONFIG: VaultConfig = {
  identityList: [],
  passwordFile: undefined,
  idMatch: false,
  defaultVaultId: DEFAULT_VAULT_ID,
  encryptVaultId: undefined,
  askVaultPass: false,
};

/** ansible.module_utils.parsing.convert_bool.boolean(strict=False). */
function pyBool(v: string): boolean {
  return ['y', 'yes', 'on', '1', 'true', 't'].includes(v.trim().toLowerCase());
}

interface Lookup {
  value: string;
  /** The ansible.cfg path when the value came from it. */
  from: string | undefined;
}

export function readVaultConfig(env: NodeJS.ProcessEnv, cwd: string, configFile: string | undefined = findConfigFile(env, cwd)): VaultConfig {
  const defaults = readConfig(configFile).get('defaults');
  const get = (envName: string, iniKey: string): Lookup | undefined => {
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: undefined };
    const fromIni = defaults?.get(iniKey);
    return fromIni !== undefined && fromIni !== '' ? { value: fromIni, from: configFile } : undefined;
  };
  const list = get('ANSIBLE_VAULT_IDENTITY_LIST', 'vault_identity_list');
  const file = get('ANSIBLE_VAULT_PASSWORD_FILE', 'vault_password_file');
  return {
    identityList: list ? list.value.split(',').map((s) => s.trim()) : [],
    passwordFile: file ? unfrackPath(file.value, file.from ? dirname(file.from) : cwd, env) : undefined,
    idMatch: pyBool(get('ANSIBLE_VAULT_ID_MATCH', 'vault_id_match')?.value ?? ''),
    defaultVaultId: get('ANSIBLE_VAULT_IDENTITY', 'vault_identity')?.value ?? DEFAULT_VAULT_ID,
    encryptVaultId: get('ANSIBLE_VAULT_ENCRYPT_IDENTITY', 'vault_encrypt_identity')?.value,
    askVaultPass: pyBool(get('ANSIBLE_ASK_VAULT_PASS', 'ask_vault_pass')?.value ?? ''),
  };
}
