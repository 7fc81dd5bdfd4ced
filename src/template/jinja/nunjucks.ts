/*
 * The parts of nunjucks' internals kplay builds on (lexer, parser, compiler, runtime, nodes).
 * They are untyped JS: values crossing here are `any` on purpose, and nowhere else.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import nunjucks from 'nunjucks';

const nj = nunjucks as any;

export type NjNode = any;
export type NjAny = any;

export const nodes: any = nj.nodes;
export const lexer: any = nj.lexer;
export const NjParser: any = nj.parser.Parser;
export const NjCompiler: any = nj.compiler.Compiler;
export const njRuntime: any = nj.runtime;
export const NjTemplate: any = nj.Template;
export const NjEnvironment: any = nj.Environment;
export const NjTemplateError: any = nj.lib.TemplateError;

/** Defines a node type with the given fields (nunjucks' Node.extend). */
export function nodeType(name: string, fields: string[]): any {
  return nodes.Node.extend(name, { fields });
}
