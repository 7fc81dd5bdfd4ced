import type { SourcePos } from '../../errors/source-error.js';
import type { BmcPassword } from './password.js';

/*
 * The typed model of pools.yml. Field names follow Metal3's BareMetalHost
 * (metal3.io/v1alpha1, spec.*) where it has one, so a host reads the same in both:
 *
 *   pools.yml (kplay)            BareMetalHost (Metal3)
 *   ---------------------------  ------------------------------------------------------
 *   name                         metadata.name
 *   bootMACAddress               spec.bootMACAddress
 *   bmc.address                  spec.bmc.address (Metal3 writes `ipmi://host:port`;
 *                                kplay takes that spelling too, or plain `host[:port]`)
 *   bmc.username / bmc.password  spec.bmc.credentialsName -> Secret data username/password
 *                                (kplay names where the password comes from instead of a
 *                                Secret object: {env}, {file} or !vault)
 *   bmc.driver                   the scheme of spec.bmc.address (ipmi://, redfish://)
 *   bmc.cipherSuite              no field; ipmitool's -C (Ironic's ipmi_cipher_suite)
 *   profile.image                spec.image.url (or `image: {url, checksum, checksumType}`,
 *                                spec.image as Metal3 writes it)
 *   profile.answerFile           spec.userData (rendered from a template here)
 *   role, order, ssh, profile    no Metal3 field: Metal3 leaves these to the cluster API
 */

export const HOST_ROLES = ['control-plane', 'worker', 'storage', 'any'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

export const BMC_DRIVERS = ['ipmi', 'redfish'] as const;
/** `redfish` is accepted and kept so pools.yml need not change; the power stage decides what runs. */
export type BmcDriver = (typeof BMC_DRIVERS)[number];

/** IPMI v2.0 cipher suites kplay speaks: 3 (HMAC-SHA1, AES-CBC-128) and 17 (HMAC-SHA256). */
export const CIPHER_SUITES = [3, 17] as const;
export type CipherSuite = (typeof CIPHER_SUITES)[number];

export const ANSWER_FILE_KINDS = ['kickstart', 'preseed', 'autoinstall', 'cloud-init'] as const;
export type AnswerFileKind = (typeof ANSWER_FILE_KINDS)[number];

export const DEFAULT_IPMI_PORT = 623;
export const DEFAULT_SSH_PORT = 22;

export interface BmcConfig {
  readonly driver: BmcDriver;
  /** As written in pools.yml, for messages. */
  readonly address: string;
  /** Host name or IP (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** Resolved only when asked (`resolve()`), never printed. */
  readonly password: BmcPassword;
  readonly cipherSuite: CipherSuite;
}

export interface SshConfig {
  readonly user?: string;
  readonly port: number;
  /** Absolute (relative paths are taken from pools.yml's directory, `~/` from $HOME). */
  readonly privateKeyFile?: string;
  /** Where the host answers once its OS is installed. */
  readonly address?: string;
}

export interface AnswerFile {
  /** Absolute path of the template that kplay renders and serves to the installer. */
  readonly template: string;
  readonly kind: AnswerFileKind;
}

/** An installer booted over the network; it needs an answer file to run unattended. */
export interface NetbootProfile {
  readonly kind: 'netboot';
  readonly name: string;
  /** URL (kept as written) or absolute path. */
  readonly kernel: string;
  readonly initrd: string;
  readonly cmdline?: string;
  readonly answerFile: AnswerFile;
  readonly pos: SourcePos;
}

export const CHECKSUM_TYPES = ['sha256', 'sha512', 'md5'] as const;
export type ChecksumType = (typeof CHECKSUM_TYPES)[number];

/** Metal3's spec.image.checksum/checksumType: what the deploy ramdisk checks the image against. */
export interface ImageChecksum {
  readonly type: ChecksumType;
  /** A lower-case hex digest, or the URL of a checksum file (`<hex>  <file name>` lines). */
  readonly value: string;
}

/** A disk image written as is; an answer file (cloud-init, usually) is optional. */
export interface ImageProfile {
  readonly kind: 'image';
  readonly name: string;
  readonly image: string;
  readonly checksum?: ImageChecksum;
  readonly answerFile?: AnswerFile;
  readonly pos: SourcePos;
}

export type OsProfile = NetbootProfile | ImageProfile;

export interface PoolHost {
  readonly name: string;
  readonly pool: string;
  readonly bmc: BmcConfig;
  /** Lower-case, colon-separated: `52:54:00:ab:cd:01`. */
  readonly bootMACAddress: string;
  readonly order: number;
  readonly role: HostRole;
  readonly profile: OsProfile;
  readonly ssh: SshConfig;
  /** Where the host's entry starts in pools.yml. */
  readonly pos: SourcePos;
}

export interface Pool {
  readonly name: string;
  /** Sorted by `order`. */
  readonly hosts: readonly PoolHost[];
  readonly pos: SourcePos;
}
