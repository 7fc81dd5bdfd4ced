import type { ModuleDefinition } from '../types.js';
import { blockinfile } from './blockinfile.js';
import { find } from './find.js';
import { get_url } from './get_url.js';
import { lineinfile } from './lineinfile.js';
import { pause } from './pause.js';
import { replace } from './replace.js';
import { script } from './script.js';
import { tempfile } from './tempfile.js';
import { unarchive } from './unarchive.js';
import { uri } from './uri.js';
import { wait_for } from './wait_for.js';
import { wait_for_connection } from './wait_for_connection.js';

/** The text modules, by short name. */
export const TEXT_MODULES: Readonly<Record<string, ModuleDefinition>> = { blockinfile, find, get_url, lineinfile, pause, replace, script, tempfile, unarchive, uri, wait_for, wait_for_connection };
