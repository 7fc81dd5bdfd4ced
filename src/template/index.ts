/* kplay's templating: Ansible's Templar semantics (Jinja2) on nunjucks. */
export { Templar, renderTemplateFile, type TemplarOptions, type Vars } from './templar.js';
export { TemplateError } from './errors.js';
export { OMIT_TOKEN, isOmit } from './omit.js';
export { stripUnsafe } from './native-helpers.js';
export { ansibleTemplateVars, DEFAULT_MANAGED_STR, type TemplateVarsOptions } from './template-vars.js';
