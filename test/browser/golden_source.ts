/**
 * Browser source of the raw golden JSON. scripts/build_browser.mjs redirects
 * test/util/golden_source.ts here and injects test/browser/golden_inject.mjs, which imports the two
 * fixture files (esbuild inlines them) and provides these two globals.
 */
declare const __GOLDEN_FORWARD__: unknown;
declare const __GOLDEN_ERRORS__: unknown;
declare const __GOLDEN_TENSORFLOW__: unknown;
declare const __GOLDEN_GRAPH_MODELS__: unknown;

export type GoldenFile = 'forward.json'|'errors.json'|'tensorflow.json'|'graph_models.json';

/** The parsed contents of test/golden/`name`. */
export function readGoldenJson(name: GoldenFile): unknown {
  if (name === 'tensorflow.json') return __GOLDEN_TENSORFLOW__;
  if (name === 'graph_models.json') return __GOLDEN_GRAPH_MODELS__;
  return name === 'forward.json' ? __GOLDEN_FORWARD__ : __GOLDEN_ERRORS__;
}
