#!/usr/bin/env node
// Static server for the demo page (examples/web), offline: tf.js and its backends come from
// node_modules, the package from dist/, the sample images from scripts/sample_images.cjs.
//   /                  examples/web/index.html (and the page's other files)
//   /samples/*         examples/web/samples/ (written on start when missing)
//   /dist/*            dist/ (npm run build)
//   /vendor/tf.min.js  @tensorflow/tfjs
//   /vendor/<backend>/ the dist/ folder of each optional backend package that is installed
//   /vendor/backends.json  the optional backends found: [{name, script, base}]
//
// Usage: PORT=8080 node scripts/serve_demo.cjs   (npm run demo:web builds first); prints the URL.
// Also used by test/demo_page.cjs through startDemoServer().
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const {writeSamples, SAMPLES} = require('./sample_images.cjs');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'examples', 'web');
const SAMPLE_DIR = path.join(WEB, 'samples');
const TFJS = path.join(ROOT, 'node_modules', '@tensorflow');

/** tf.js backends that are not in tf.min.js: package folder and script file name. */
const OPTIONAL_BACKENDS = [
  {name: 'wasm', pkg: 'tfjs-backend-wasm', script: 'tf-backend-wasm.min.js'},
  {name: 'webgpu', pkg: 'tfjs-backend-webgpu', script: 'tf-backend-webgpu.min.js'},
];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm', '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

function installedBackends() {
  return OPTIONAL_BACKENDS.filter((b) => fs.existsSync(path.join(TFJS, b.pkg, 'dist', b.script)))
      .map((b) => ({name: b.name, script: `/vendor/${b.name}/${b.script}`, base: `/vendor/${b.name}/`}));
}

/** URL path -> file, or null when outside the served folders. */
function resolve(urlPath) {
  const mounts = [
    ['/samples/', SAMPLE_DIR],
    ['/dist/', path.join(ROOT, 'dist')],
    ...OPTIONAL_BACKENDS.map((b) => [`/vendor/${b.name}/`, path.join(TFJS, b.pkg, 'dist')]),
    ['/', WEB],
  ];
  if (urlPath === '/vendor/tf.min.js') return path.join(TFJS, 'tfjs', 'dist', 'tf.min.js');
  if (urlPath === '/') urlPath = '/index.html';
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + path.posix.normalize('/' + urlPath.slice(prefix.length)));
    return file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

function handle(req, res) {
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  if (urlPath === '/vendor/backends.json') {
    res.writeHead(200, {'content-type': TYPES['.json'], 'cache-control': 'no-store'});
    res.end(JSON.stringify(installedBackends()));
    return;
  }
  const file = resolve(urlPath);
  fs.stat(file ?? '', (err, stat) => {
    if (file == null || err || !stat.isFile()) {
      res.writeHead(404, {'content-type': 'text/plain'}).end(`not found: ${urlPath}`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
}

/** Checks the build, writes missing sample images, listens; resolves to {server, url}. */
function startDemoServer(port = 8080, host = '127.0.0.1') {
  const bundle = path.join(ROOT, 'dist', 'tfjs-interpolate.min.js');
  if (!fs.existsSync(bundle)) throw new Error(`${path.relative(ROOT, bundle)} is missing: run npm run build first`);
  if (Object.keys(SAMPLES).some((name) => !fs.existsSync(path.join(SAMPLE_DIR, name)))) writeSamples(SAMPLE_DIR);
  const server = http.createServer(handle);
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const {port: actual} = server.address();
      ok({server, url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actual}/`});
    });
  });
}

module.exports = {startDemoServer};

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  startDemoServer(port).then(({url}) => {
    console.log(`tfjs-interpolate demo: ${url}  (Ctrl+C to stop)`);
  }, (e) => {
    console.error(`demo:web: ${e.message}`);
    process.exit(1);
  });
}
