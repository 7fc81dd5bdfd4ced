/* Expression and statement nodes Jinja2 has and nunjucks lacks (or models differently). */
import { nodeType, nodes } from './nunjucks.js';

/** A constant; `float` marks a Python float literal such as `1.0`. */
export const Const = nodeType('PyConst', ['value', 'float']);
export const TupleNode = nodeType('PyTuple', ['items']);
export const ListNode = nodeType('PyList', ['items']);
/** `pairs` is an array of [key, value] nodes. */
export const DictNode = nodeType('PyDict', ['pairs']);
export const Getattr = nodeType('PyGetattr', ['target', 'attr']);
export const Getitem = nodeType('PyGetitem', ['target', 'key']);
export const Slice = nodeType('PySlice', ['start', 'stop', 'step']);
/** `kwargs` is an array of [name, node]. */
export const Call = nodeType('PyCall', ['fn', 'args', 'kwargs', 'dynArgs', 'dynKwargs']);
export const FilterCall = nodeType('PyFilter', ['name', 'target', 'args', 'kwargs', 'dynArgs', 'dynKwargs']);
export const TestCall = nodeType('PyTest', ['name', 'target', 'args', 'kwargs', 'dynArgs', 'dynKwargs']);
export const CondExpr = nodeType('PyCondExpr', ['cond', 'body', 'else_']);
export const Concat = nodeType('PyConcat', ['items']);
/** `ops` is an array of [operator, node]; operators include 'in' and 'notin'. */
export const Compare = nodeType('PyCompare', ['expr', 'ops']);
export const For = nodeType('PyFor', ['target', 'iter', 'body', 'else_', 'cond']);
export const SetNode = nodeType('PySet', ['target', 'value']);
export const With = nodeType('PyWith', ['targets', 'values', 'body']);

export const Name = nodes.Symbol;
