/** The syntax tree the Painless parser builds and the interpreter walks. */

/** An expression node; `pos` is its source offset for errors. */
export type Expr = { pos: number } & (
  | { k: 'num'; v: number; float: boolean }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'var'; name: string }
  | { k: 'member'; obj: Expr; name: string; safe: boolean }
  | { k: 'index'; obj: Expr; idx: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'mcall'; obj: Expr; name: string; args: Expr[]; safe: boolean }
  | { k: 'new'; cls: string; args: Expr[] }
  | { k: 'newarr'; cls: string; size?: Expr; items?: Expr[] }
  | { k: 'list'; items: Expr[] }
  | { k: 'map'; entries: [Expr, Expr][] }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr }
  | { k: 'elvis'; l: Expr; r: Expr }
  | { k: 'assign'; op: string; target: Expr; value: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'cast'; type: string; e: Expr }
  | { k: 'instanceof'; e: Expr; type: string }
);

/** A statement node. */
export type Stmt = { pos: number } & (
  | { k: 'block'; body: Stmt[] }
  | { k: 'decl'; type: string; vars: { name: string; init?: Expr }[] }
  | { k: 'if'; cond: Expr; then: Stmt; else?: Stmt }
  | { k: 'for'; init?: Stmt; cond?: Expr; update: Expr[]; body: Stmt }
  | { k: 'foreach'; name: string; iter: Expr; body: Stmt }
  | { k: 'while'; cond: Expr; body: Stmt; doWhile: boolean }
  | { k: 'return'; value?: Expr }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'expr'; e: Expr }
);

/** Types a declaration or cast may name (generic arguments and `[]` are read and ignored). */
export const TYPES = new Set([
  'def', 'int', 'long', 'short', 'byte', 'char', 'float', 'double', 'boolean', 'void', 'String', 'Object', 'Integer', 'Long', 'Short',
  'Byte', 'Character', 'Float', 'Double', 'Boolean', 'Number', 'List', 'ArrayList', 'Map', 'HashMap', 'Set', 'HashSet', 'Collection',
  'ZonedDateTime', 'Instant',
]);
