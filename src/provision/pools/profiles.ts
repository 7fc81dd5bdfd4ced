import type { Checker, YamlMap } from './checker.js';
import { ANSWER_FILE_KINDS, type AnswerFile, type OsProfile } from './model.js';
import { parseImageSource } from './image-source.js';
import { resolvePath, resolveSource } from './paths.js';

const PROFILE_KEYS = ['kernel', 'initrd', 'cmdline', 'image', 'answerFile'] as const;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface ParsedProfiles {
  /** Every name under `profiles:`, valid or not: a host naming a broken profile gets no second error. */
  readonly declared: ReadonlySet<string>;
  readonly valid: ReadonlyMap<string, OsProfile>;
}

export function parseProfiles(c: Checker, root: YamlMap, baseDir: string): ParsedProfiles {
  const declared = new Set<string>();
  const valid = new Map<string, OsProfile>();
  const raw = root['profiles'];
  if (raw === undefined || raw === null) return { declared, valid };
  const profiles = c.mapping(raw, c.at(root, 'profiles'), 'profiles');
  if (!profiles) return { declared, valid };
  for (const [name, value] of Object.entries(profiles)) {
    declared.add(name);
    const pos = c.at(profiles, name);
    const path = `profiles.${name}`;
    if (!PROFILE_NAME.test(name)) c.fail(`profile name '${name}' may hold only letters, digits, '.', '_' and '-'`, pos);
    const m = c.mapping(value, pos, path);
    if (!m) continue;
    const profile = parseProfile(c, m, name, path, baseDir);
    if (profile) valid.set(name, profile);
  }
  return { declared, valid };
}

function parseProfile(c: Checker, m: YamlMap, name: string, path: string, baseDir: string): OsProfile | undefined {
  const errorsBefore = c.count;
  c.keys(m, PROFILE_KEYS, path);
  const kernel = c.string(m, 'kernel', path);
  const initrd = c.string(m, 'initrd', path);
  const cmdline = c.string(m, 'cmdline', path);
  const image = parseImageSource(c, m, path, baseDir);
  const answerFile = parseAnswerFile(c, m, path, baseDir);
  const pos = c.at(m);
  if (image !== undefined) {
    for (const key of ['kernel', 'initrd', 'cmdline'] as const) {
      if (m[key] !== undefined) {
        c.fail(`${path}.${key} cannot be combined with image: a profile either netboots an installer (kernel + initrd) or writes an image`, c.at(m, key));
      }
    }
    if (c.count > errorsBefore) return undefined;
    return { kind: 'image', name, image: image.image, ...(image.checksum ? { checksum: image.checksum } : {}), ...(answerFile ? { answerFile } : {}), pos };
  }
  // A broken image was reported already: no second error about kernel and initrd.
  if (m['image'] != null) return undefined;
  if (kernel === undefined || initrd === undefined) {
    if (m['kernel'] === undefined && m['initrd'] === undefined && m['image'] === undefined) {
      c.fail(`${path} needs kernel and initrd (a netbooted installer) or image (a disk image to write)`, pos);
    } else if (m['initrd'] === undefined) {
      c.fail(`${path} has kernel but no initrd`, c.at(m, 'kernel'));
    } else if (m['kernel'] === undefined) {
      c.fail(`${path} has initrd but no kernel`, c.at(m, 'initrd'));
    }
    return undefined;
  }
  if (!answerFile) {
    if (m['answerFile'] === undefined) {
      c.fail(`${path} needs answerFile ({template, kind}): an installer without one waits for a keyboard`, pos);
    }
    return undefined;
  }
  if (c.count > errorsBefore) return undefined;
  return {
    kind: 'netboot',
    name,
    kernel: resolveSource(baseDir, kernel),
    initrd: resolveSource(baseDir, initrd),
    ...(cmdline !== undefined ? { cmdline } : {}),
    answerFile,
    pos,
  };
}

function parseAnswerFile(c: Checker, m: YamlMap, path: string, baseDir: string): AnswerFile | undefined {
  const raw = m['answerFile'];
  if (raw === undefined || raw === null) return undefined;
  const where = `${path}.answerFile`;
  const af = c.mapping(raw, c.at(m, 'answerFile'), where);
  if (!af) return undefined;
  c.keys(af, ['template', 'kind'], where);
  const template = c.string(af, 'template', where);
  const kind = c.choice(af, 'kind', where, ANSWER_FILE_KINDS);
  if (af['template'] == null) c.fail(`${where} needs template (a path relative to the pools file)`, c.at(af));
  if (af['kind'] == null) c.fail(`${where} needs kind (${ANSWER_FILE_KINDS.join(', ')})`, c.at(af));
  if (template === undefined || kind === undefined) return undefined;
  return { template: resolvePath(baseDir, template), kind };
}
