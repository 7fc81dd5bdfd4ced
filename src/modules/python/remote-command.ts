/*
 * The one command a Python module runs as on the host. stdin carries a JSON header line
 * (how to run, the arguments) and then the payload; a tiny bootstrap writes the payload to
 * a private temp dir, runs it the way AnsiballZ's wrapper does (zip on sys.path, arguments
 * in basic._ANSIBLE_ARGS, runpy as __main__), and removes the dir whatever happens.
 */
import { shellQuote } from '../../connection/quote.js';

/** Marker the host writes on stderr before anything else: which interpreter ran (or none). */
export const INTERPRETER_MARK = 'KPLAY_PYTHON_INTERPRETER=';
export const NO_PYTHON_MARK = 'KPLAY_NO_PYTHON';

/** Ansible's INTERPRETER_PYTHON_FALLBACK, with the distro map's answer for Debian/Ubuntu/RHEL 8+ first. */
export const DISCOVERY_ORDER = [
  '/usr/bin/python3',
  'python3.11',
  'python3.10',
  'python3.9',
  'python3.8',
  'python3.7',
  'python3.6',
  'python3.5',
  '/usr/libexec/platform-python',
  'python2.7',
  '/usr/bin/python',
  'python',
];

/* Python 2.7 and 3: the same syntax as Ansible's own wrapper needs. */
const BOOTSTRAP = `
import json, os, runpy, shutil, subprocess, sys, tempfile
stdin = getattr(sys.stdin, 'buffer', sys.stdin)
header = json.loads(stdin.readline().decode('utf-8'))
payload = stdin.read()
base = os.path.expanduser(header['remote_tmp'])
try:
    os.makedirs(base, 0o700)
except OSError:
    pass
if not os.path.isdir(base) or not os.access(base, os.W_OK):
    base = None
work = tempfile.mkdtemp(prefix='kplay-', dir=base)
rc = 0
try:
    args = header['args']
    args['ANSIBLE_MODULE_ARGS']['_ansible_tmpdir'] = work
    if header['style'] == 'new':
        zpath = os.path.join(work, 'payload.zip')
        with open(zpath, 'wb') as f:
            f.write(payload)
        sys.path.insert(0, zpath)
        import ansible.module_utils.basic as basic
        basic._ANSIBLE_ARGS = json.dumps(args).encode('utf-8')
        try:
            runpy.run_module(header['module'], init_globals=dict(_module_fqn=header['module'], _modlib_path=zpath), run_name='__main__', alter_sys=True)
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    else:
        mpath = os.path.join(work, header['file_name'])
        with open(mpath, 'wb') as f:
            f.write(payload)
        apath = os.path.join(work, 'args')
        with open(apath, 'wb') as f:
            f.write(header['args_text'].encode('utf-8'))
        sys.stdout.flush()
        rc = subprocess.call([sys.executable, mpath, apath])
finally:
    shutil.rmtree(work, True)
sys.stdout.flush()
sys.exit(rc)
`;

/** The shell command that finds the interpreter and runs the bootstrap with it. */
export function pythonCommand(interpreter: string | undefined): string {
  const candidates = interpreter ? [interpreter] : DISCOVERY_ORDER;
  const list = candidates.map(shellQuote).join(' ');
  return (
    `for kplay_py in ${list}; do ` +
    `kplay_path=$(command -v "$kplay_py" 2>/dev/null) && [ -x "$kplay_path" ] || continue; ` +
    `printf '%s%s\\n' ${shellQuote(INTERPRETER_MARK)} "$kplay_path" >&2; ` +
    `exec "$kplay_path" -c ${shellQuote(BOOTSTRAP)}; ` +
    `done; echo ${shellQuote(NO_PYTHON_MARK)} >&2; exit 127`
  );
}

export interface NewStyleRequest {
  readonly style: 'new';
  readonly module: string;
  readonly remoteTmp: string;
  readonly args: Record<string, unknown>;
}

export interface OldStyleRequest {
  readonly style: 'old';
  readonly fileName: string;
  readonly remoteTmp: string;
  readonly args: Record<string, unknown>;
  /** The args file's text: JSON (WANT_JSON) or `k=v` words. */
  readonly argsText: string;
}

/** stdin for pythonCommand: the header line, then the payload bytes. */
export function pythonStdin(req: NewStyleRequest | OldStyleRequest, payload: Buffer): Buffer {
  const header =
    req.style === 'new'
      ? { style: 'new', module: req.module, remote_tmp: req.remoteTmp, args: { ANSIBLE_MODULE_ARGS: req.args } }
      : { style: 'old', file_name: req.fileName, remote_tmp: req.remoteTmp, args: { ANSIBLE_MODULE_ARGS: req.args }, args_text: req.argsText };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), payload]);
}

/** Splits the interpreter marker off the module's stderr. */
export function splitInterpreter(stderr: string): { interpreter: string | undefined; noPython: boolean; stderr: string } {
  let interpreter: string | undefined;
  let noPython = false;
  const kept: string[] = [];
  for (const line of stderr.split('\n')) {
    if (interpreter === undefined && line.startsWith(INTERPRETER_MARK)) interpreter = line.slice(INTERPRETER_MARK.length);
    else if (line === NO_PYTHON_MARK) noPython = true;
    else kept.push(line);
  }
  return { interpreter, noPython, stderr: kept.join('\n') };
}
