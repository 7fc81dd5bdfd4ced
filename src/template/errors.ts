import { SourceError, type SourcePos } from '../errors/source-error.js';

/**
 * A templating failure, with Ansible's message ("'foo' is undefined. 'foo' is undefined",
 * "template error while templating string: …"). `kind` is the ansible-core exception
 * class the same failure raises there (the template action prints "kind: message").
 */
export class TemplateError extends SourceError {
  /** The missing variable/attribute when the failure is an undefined value. */
  readonly undefinedName: string | undefined;
  /** The message without Ansible's doubled suffix (e.g. "'foo' is undefined"). */
  readonly reason: string;
  readonly kind: string;

  constructor(message: string, opts: { pos?: SourcePos; undefinedName?: string; reason?: string; kind?: string } = {}) {
    super(message, { code: opts.undefinedName !== undefined ? 'KPLAY_UNDEFINED' : 'KPLAY_TEMPLATE', pos: opts.pos });
    this.name = 'TemplateError';
    this.undefinedName = opts.undefinedName;
    this.reason = opts.reason ?? message;
    this.kind = opts.kind ?? (opts.undefinedName !== undefined ? 'AnsibleUndefinedVariable' : 'AnsibleError');
  }
}
