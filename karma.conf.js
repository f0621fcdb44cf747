// Karma: the shared golden suite (test/specs/golden_spec.ts) on webgl, cpu and wasm plus the WebGL-
// and wasm-only checks, in Debian's Chromium headless on SwiftShader. The specs are bundled first by
// `node scripts/build_browser.mjs --tests` (which also builds dist/tfjs-interpolate.min.js);
// `node scripts/ensure_chromium.cjs` makes sure a browser exists.
const fs = require('fs');

process.env.CHROME_BIN = process.env.CHROME_BIN || '/usr/bin/chromium';

// Ends the run with one plain summary line ("browser: N passed, N failed").
function SummaryReporter() {
  this.onRunComplete = (browsers, results) => {
    console.log(`\nbrowser: ${results.success} passed, ${results.failed} failed`);
  };
}

module.exports = function(config) {
  for (const f of ['dist/tfjs-interpolate.min.js', 'build/karma/specs.js']) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run node scripts/build_browser.mjs --tests first`);
  }
  config.set({
    frameworks: ['jasmine'],
    files: [
      'node_modules/@tensorflow/tfjs/dist/tf.min.js',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js',
      {pattern: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', included: false, served: true},
      'node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js',
      'dist/tfjs-interpolate.min.js',
      'build/karma/specs.js',
    ],
    browsers: ['ChromiumHeadlessSwiftShader'],
    customLaunchers: {
      ChromiumHeadlessSwiftShader: {
        base: 'ChromeHeadless',
        flags: [
          '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--headless=new',
          '--disable-gpu-sandbox', '--disable-dev-shm-usage', '--enable-unsafe-webgpu',
        ],
      },
    },
    mime: {'application/wasm': ['wasm']},
    plugins: ['karma-jasmine', 'karma-chrome-launcher', {'reporter:summary': ['type', SummaryReporter]}],
    reporters: ['dots', 'summary'],
    client: {
      captureConsole: true,
      // KARMA_GREP=pattern runs only the specs whose full name matches (while iterating).
      args: process.env.KARMA_GREP ? ['--grep', process.env.KARMA_GREP] : [],
      jasmine: {random: false, timeoutInterval: 120000},
    },
    browserConsoleLogOptions: {level: 'log', terminal: true},
    singleRun: true,
    captureTimeout: 120000,
    browserNoActivityTimeout: 600000,
    browserDisconnectTimeout: 60000,
    concurrency: 1,
  });
};
