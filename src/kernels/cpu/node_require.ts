/**
 * Node's module loader as seen from this file: a CommonJS `require` and the directory of the
 * module, from which the native addon is located relative to the package (never relative to the
 * working directory). This is the CommonJS form, used by dist/index.cjs and the tests;
 * scripts/build.mjs replaces this module with `createRequire(import.meta.url)` in the Node ES
 * module build and with `null` in the browser build.
 */

/** A CommonJS `require` function. */
export type RequireFn = ((id: string) => unknown)&{resolve?: (id: string) => string};

// CommonJS module-scope bindings (absent in browsers and bundles); declared here, not taken from
// @types/node, so the library build needs no Node types.
declare const require: RequireFn|undefined;
declare const __dirname: string|undefined;

/** `require` and this module's directory, or null where there is no CommonJS loader. */
export function nodeRequire(): {require: RequireFn, dir: string}|null {
  if (typeof require !== 'function' || typeof __dirname !== 'string') return null;
  return {require, dir: __dirname};
}
