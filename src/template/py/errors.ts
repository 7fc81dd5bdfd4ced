import type { Undefined } from './undefined.js';

/**
 * A Python exception raised while evaluating a template: `pyType` is the class Ansible
 * would see (TypeError, ValueError, AnsibleFilterError …); it decides how the Templar
 * reports it.
 */
export class PyError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
    this.name = pyType;
  }
}

/** An undefined value was used (printed, iterated, compared …): StrictUndefined's error. */
export class UndefinedUseError extends Error {
  constructor(readonly undef: Undefined) {
    super(undef.message());
    this.name = 'UndefinedError';
  }
}

/** The template text does not parse. */
export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

export const typeError = (msg: string): PyError => new PyError('TypeError', msg);
export const valueError = (msg: string): PyError => new PyError('ValueError', msg);
export const filterError = (msg: string): PyError => new PyError('AnsibleFilterError', msg);
export const ansibleError = (msg: string): PyError => new PyError('AnsibleError', msg);
