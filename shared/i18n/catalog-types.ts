// Types derived from a catalog object: its shape with string leaves (what every language must
// provide) and the union of its dotted leaf keys (what `t()` and the core's message keys may be).

/** The same shape as `T`, every leaf a string: what another language's catalog must be. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The dotted paths of `T`'s string leaves: `{ a: { b: 'x', c: 'y' } }` → `'a.b' | 'a.c'`. */
export type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
