// Injected into the karma bundle by scripts/build_browser.mjs (esbuild `inject`): supplies the
// globals test/browser/golden_source.ts reads.
import errors from '../golden/errors.json';
import forward from '../golden/forward.json';
import graphModels from '../golden/graph_models.json';
import tensorflow from '../golden/tensorflow.json';

export {errors as __GOLDEN_ERRORS__, forward as __GOLDEN_FORWARD__};
export {graphModels as __GOLDEN_GRAPH_MODELS__, tensorflow as __GOLDEN_TENSORFLOW__};
