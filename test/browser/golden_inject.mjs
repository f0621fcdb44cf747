// Injected into the karma bundle by scripts/build_browser.mjs (esbuild `inject`): supplies the
// globals test/browser/golden_source.ts reads.
import errors from '../golden/errors.json';
import forward from '../golden/forward.json';

export {errors as __GOLDEN_ERRORS__, forward as __GOLDEN_FORWARD__};
