// The demo page: runs tfjs-interpolate's interpolate on a sample image with the chosen options and
// backend, beside tf.image's resize (where tf.js has one) and their difference, and times both.
// Loaded after tf.min.js; loads the optional tf.js backends the server found, then the package's
// script-tag bundle. `window.demo` lets test/demo_page.cjs drive and inspect the page.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const CANVAS_W = 576;
  const CANVAS_H = 384;
  const IMAGES = [
    {value: 'photo', label: 'photo', src: '/samples/photo.png', focus: [0.17, 0.5]},
    {value: 'zoneplate', label: 'zone plate', src: '/samples/zoneplate.png', focus: [0.9, 0.5]},
  ];
  const MODES = ['nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area'];
  const SCALES = [
    {value: 0.125, label: '×1/8'}, {value: 0.25, label: '×1/4'}, {value: 1 / 3, label: '×1/3'},
    {value: 0.5, label: '×1/2'}, {value: 0.75, label: '×0.75'}, {value: 1.5, label: '×1.5'},
    {value: 2, label: '×2'}, {value: 3, label: '×3'}, {value: 4, label: '×4'},
  ];
  const ZOOMS = [{value: 'fit', label: 'fit'}, {value: 1, label: '1:1'}, {value: 2, label: '2×'},
                 {value: 4, label: '4×'}, {value: 8, label: '8×'}];
  const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'];
  const LINEAR = new Set(['bilinear', 'bicubic']);   // alignCorners and antialias apply to these (rank 4)
  // How long each timing loop calls the op (?timeBudgetMs=N in the URL changes it).
  const TIME_BUDGET_MS = Number(new URLSearchParams(location.search).get('timeBudgetMs')) || 120;

  const state = {
    image: 'photo', mode: 'bilinear', scale: 0.25, useSize: false, size: [96, 144],
    alignCorners: false, antialias: true, backend: null, zoom: 'fit', focus: IMAGES[0].focus.slice(),
  };
  const demo = {
    modes: MODES, backends: [], unavailable: [], errors: [], last: null, renders: 0,
    ready: null, idle: async () => { while (running) await running; },
  };
  window.demo = demo;
  const images = {};
  let results = null;   // the last render's pixels, redrawn on zoom / focus changes
  let running = null;
  let queued = false;

  // ---------- helpers ----------
  function setStatus(text, kind) {
    const el = $('status');
    el.textContent = text;
    el.className = 'status' + (kind ? ' ' + kind : '');
  }

  function reportError(e) {
    const message = e && e.message ? e.message : String(e);
    demo.errors.push(message);
    setStatus('error: ' + message, 'error');
    console.error(e);
  }

  function loadScript(src) {
    return new Promise((ok, fail) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = ok;
      s.onerror = () => fail(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  function loadImage(spec) {
    return new Promise((ok, fail) => {
      const img = new Image();
      img.onload = () => {
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
        const data = new Float32Array(img.width * img.height * 3);
        for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
          data[j] = rgba[i] / 255;
          data[j + 1] = rgba[i + 1] / 255;
          data[j + 2] = rgba[i + 2] / 255;
        }
        ok({width: img.width, height: img.height, data, canvas: c});
      };
      img.onerror = () => fail(new Error('could not load ' + spec.src));
      img.src = spec.src;
    });
  }

  function fmtMs(ms) {
    return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
  }

  function fmtNum(v) {
    return v === 0 ? '0' : v >= 0.01 ? v.toFixed(3) : v.toExponential(1);
  }

  // ---------- controls ----------
  function segmented(id, items, key, onPick) {
    const el = $(id);
    el.textContent = '';
    for (const item of items) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = item.label;
      b.dataset.value = String(item.value);
      if (item.disabled) {
        b.disabled = true;
        b.title = item.title || '';
      }
      b.addEventListener('click', () => {
        state[key] = item.value;
        if (onPick) onPick(item);
        syncControls();
        if (key === 'zoom') draw();
        else schedule();
      });
      el.appendChild(b);
    }
  }

  function syncControls() {
    for (const [id, key] of [['image', 'image'], ['mode', 'mode'], ['scale', 'scale'], ['backend', 'backend'], ['zoom', 'zoom']]) {
      for (const b of $(id).querySelectorAll('button')) {
        const pressed = b.dataset.value === String(state[key]) && !(key === 'scale' && state.useSize);
        b.setAttribute('aria-pressed', String(pressed));
      }
    }
    const linear = LINEAR.has(state.mode);
    $('align-corners').disabled = !linear;
    $('antialias').disabled = !linear;
    $('align-corners').checked = linear && state.alignCorners;
    $('antialias').checked = linear && state.antialias;
    $('option-hint').textContent = linear ? (state.antialias ? 'antialias filters only when downsampling.' : '') :
        `PyTorch accepts alignCorners and antialias only with bilinear / bicubic here.`;
    $('use-size').checked = state.useSize;
    $('size-h').value = state.size[0];
    $('size-w').value = state.size[1];
  }

  function buildControls() {
    segmented('image', IMAGES, 'image', (item) => (state.focus = item.focus.slice()));
    segmented('mode', MODES.map((m) => ({value: m, label: m})), 'mode');
    segmented('scale', SCALES, 'scale', () => (state.useSize = false));
    segmented('zoom', ZOOMS, 'zoom');
    segmented('backend', [
      ...demo.backends.map((b) => ({value: b, label: b})),
      ...demo.unavailable.map(([b, why]) => ({value: b, label: b, disabled: true, title: why})),
    ], 'backend');
    $('backend-hint').textContent = demo.unavailable.map(([b, why]) => `${b}: ${why}`).join('; ');
    $('align-corners').addEventListener('change', (e) => { state.alignCorners = e.target.checked; schedule(); });
    $('antialias').addEventListener('change', (e) => { state.antialias = e.target.checked; schedule(); });
    $('use-size').addEventListener('change', (e) => { state.useSize = e.target.checked; syncControls(); schedule(); });
    for (const [id, i] of [['size-h', 0], ['size-w', 1]]) {
      $(id).addEventListener('change', (e) => {
        const v = Math.round(Number(e.target.value));
        if (!(v >= 1 && v <= 2048)) return syncControls();
        state.size[i] = v;
        state.useSize = true;
        syncControls();
        schedule();
      });
    }
    $('view-source').querySelector('canvas').addEventListener('click', (e) => {
      const rect = e.target.getBoundingClientRect();
      const src = images[state.image];
      const fit = fitRect(src.width, src.height);
      const cx = ((e.clientX - rect.left) / rect.width * CANVAS_W - fit.x) / fit.w;
      const cy = ((e.clientY - rect.top) / rect.height * CANVAS_H - fit.y) / fit.h;
      state.focus = [Math.min(1, Math.max(0, cy)), Math.min(1, Math.max(0, cx))];
      if (state.zoom === 'fit') state.zoom = 4;
      syncControls();
      draw();
    });
  }

  // ---------- computing ----------
  /** interpolate options for the state (channels-last, as tf.image uses). */
  function options(st) {
    const o = {mode: st.mode, dataFormat: 'channelsLast'};
    if (st.useSize) o.size = st.size.slice();
    else o.scaleFactor = st.scale;
    if (LINEAR.has(st.mode)) {
      o.alignCorners = st.alignCorners;
      if (st.antialias) o.antialias = true;
    }
    return o;
  }

  /** tf.image's closest resize for the state, or a reason it has none. */
  function counterpart(st, size) {
    if (st.mode === 'bilinear') {
      return {name: 'tf.image.resizeBilinear', note: st.antialias ? 'tf.js has no antialias' : '',
              call: `tf.image.resizeBilinear(x, [${size}], ${st.alignCorners}, ${!st.alignCorners})`,
              fn: (x) => tf.image.resizeBilinear(x, size, st.alignCorners, !st.alignCorners)};
    }
    if (st.mode === 'nearest' || st.mode === 'nearest-exact') {
      const half = st.mode === 'nearest-exact';
      return {name: 'tf.image.resizeNearestNeighbor', note: '',
              call: `tf.image.resizeNearestNeighbor(x, [${size}], false, ${half})`,
              fn: (x) => tf.image.resizeNearestNeighbor(x, size, false, half)};
    }
    const what = st.mode === 'area' ? 'area (adaptive average pooling)' : 'bicubic';
    return {name: null, reason: `tf.image has no ${what} resize.`};
  }

  /** Milliseconds per call of fn(x): calls for about TIME_BUDGET_MS, then one read-back. */
  async function timePerCall(fn, x) {
    const warm = fn(x);
    await warm.data();
    warm.dispose();
    let n = 0;
    let last = null;
    const t0 = performance.now();
    while (n < 2 || (n < 40 && performance.now() - t0 < TIME_BUDGET_MS)) {
      if (last) last.dispose();
      last = fn(x);
      n++;
    }
    await last.data();
    const ms = (performance.now() - t0) / n;
    last.dispose();
    return {ms, n};
  }

  /** An output tensor (1, h, w, 3) as ImageData. */
  async function pixels(y) {
    const img = tf.tidy(() => y.squeeze([0]).clipByValue(0, 1));
    const bytes = await tf.browser.toPixels(img);
    img.dispose();
    return new ImageData(bytes, y.shape[2], y.shape[1]);
  }

  /**
   * The difference view: ours dimmed to grey, with |ours - theirs| (channel mean) over it as heat,
   * black -> red -> yellow -> white at the largest difference.
   */
  function differenceView(a, b) {
    return tf.tidy(() => {
      const d = a.sub(b).abs().mean(3, true);
      const max = d.max();
      const h = d.div(max.maximum(1e-30));
      const heat = tf.concat([h.mul(3), h.mul(3).sub(1), h.mul(3).sub(2)], 3).clipByValue(0, 1);
      const grey = a.mean(3, true).mul(0.3);
      const meanDiff = d.mean();
      return {view: grey.add(heat).clipByValue(0, 1), max, mean: meanDiff};
    });
  }

  async function render() {
    const st = JSON.parse(JSON.stringify(state));
    if (tf.getBackend() !== st.backend) {
      if (!(await tf.setBackend(st.backend))) throw new Error(`backend ${st.backend} failed to start`);
    }
    await tf.ready();
    const src = images[st.image];
    const opts = options(st);
    const x = tf.tensor4d(src.data, [1, src.height, src.width, 3]);
    const ours = tfInterpolate.interpolate(x, opts);
    const size = [ours.shape[1], ours.shape[2]];
    const other = counterpart(st, size);
    const theirs = other.fn ? other.fn(x) : null;
    const diff = theirs ? differenceView(ours, theirs) : null;
    try {
      const out = {
        st, other, size,
        ours: await pixels(ours),
        theirs: theirs ? await pixels(theirs) : null,
        diff: diff ? await pixels(diff.view) : null,
        maxDiff: diff ? (await diff.max.data())[0] : null,
        meanDiff: diff ? (await diff.mean.data())[0] : null,
      };
      out.timeOurs = await timePerCall((t) => tfInterpolate.interpolate(t, opts), x);
      out.timeTheirs = other.fn ? await timePerCall(other.fn, x) : null;
      results = out;
    } finally {
      tf.dispose([x, ours, theirs]);
      if (diff) tf.dispose([diff.view, diff.max, diff.mean]);
    }
    draw();
    demo.renders++;
    demo.last = {
      backend: st.backend, mode: st.mode, image: st.image, outputShape: [1, ...size, 3],
      counterpart: results.other.name, maxDiff: results.maxDiff,
      msOurs: results.timeOurs.ms, msTheirs: results.timeTheirs ? results.timeTheirs.ms : null,
      numTensors: tf.memory().numTensors,
    };
    setStatus(`tf.js ${tf.version.tfjs} · backend ${st.backend} · ready`, 'ready');
  }

  function schedule() {
    queued = true;
    if (!running) {
      running = (async () => {
        while (queued) {
          queued = false;
          try {
            setStatus(`running on ${state.backend}…`);
            await render();
          } catch (e) {
            reportError(e);
          }
        }
        running = null;
      })();
    }
  }

  // ---------- drawing ----------
  function fitRect(w, h) {
    const s = Math.min(CANVAS_W / w, CANVAS_H / h);
    const k = s >= 2 ? Math.floor(s) : s;   // integer enlargement keeps pixels square
    return {x: Math.round((CANVAS_W - w * k) / 2), y: Math.round((CANVAS_H - h * k) / 2), w: w * k, h: h * k, k};
  }

  /** The region of an (h, w) output shown at the current zoom, in output pixels. */
  function region(h, w) {
    if (state.zoom === 'fit') return null;
    const z = state.zoom;
    const vw = CANVAS_W / z;
    const vh = CANVAS_H / z;
    const clampStart = (c, v, n) => (v >= n ? (n - v) / 2 : Math.min(n - v, Math.max(0, c - v / 2)));
    return {x: clampStart(state.focus[1] * w, vw, w), y: clampStart(state.focus[0] * h, vh, h), w: vw, h: vh, z};
  }

  function paint(canvas, imageData) {
    canvas.width = CANVAS_W;
    canvas.height = CANVAS_H;
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, CANVAS_W, CANVAS_H);
    const tmp = document.createElement('canvas');
    tmp.width = imageData.width;
    tmp.height = imageData.height;
    tmp.getContext('2d').putImageData(imageData, 0, 0);
    const r = region(imageData.height, imageData.width);
    if (r == null) {
      const f = fitRect(imageData.width, imageData.height);
      ctx.imageSmoothingEnabled = f.k < 1;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(tmp, f.x, f.y, f.w, f.h);
    } else {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tmp, -r.x * r.z, -r.y * r.z, imageData.width * r.z, imageData.height * r.z);
    }
  }

  function showPanel(id, imageData, placeholder) {
    const fig = $(id);
    const canvas = fig.querySelector('canvas');
    const ph = fig.querySelector('.placeholder');
    if (imageData) {
      canvas.style.visibility = 'visible';
      if (ph) ph.hidden = true;
      paint(canvas, imageData);
    } else {
      canvas.style.visibility = 'hidden';
      ph.hidden = false;
      ph.innerHTML = placeholder;
    }
  }

  function drawSource() {
    const src = images[state.image];
    const canvas = $('view-source').querySelector('canvas');
    canvas.width = CANVAS_W;
    canvas.height = CANVAS_H;
    const ctx = canvas.getContext('2d');
    const f = fitRect(src.width, src.height);
    ctx.imageSmoothingEnabled = f.k !== Math.floor(f.k);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(src.canvas, f.x, f.y, f.w, f.h);
    $('meta-source').textContent = `${src.height} × ${src.width} × 3`;
    if (results && state.zoom !== 'fit') {
      const [h, w] = results.size;
      const r = region(h, w);
      const sx = f.w / w;
      const sy = f.h / h;
      ctx.strokeStyle = '#ff8a3d';
      ctx.lineWidth = 2;
      ctx.strokeRect(f.x + r.x * sx, f.y + r.y * sy, Math.min(r.w, w) * sx, Math.min(r.h, h) * sy);
    }
  }

  function draw() {
    drawSource();
    if (!results) return;
    const {st, other, size} = results;
    showPanel('view-ours', results.ours);
    $('meta-ours').textContent = `${size[0]} × ${size[1]} · ${st.mode}${st.antialias && LINEAR.has(st.mode) ? ' + antialias' : ''}`;
    $('title-tf').textContent = other.name || 'tf.image';
    showPanel('view-tf', results.theirs, `<span>${other.reason || ''}<br><br>tfjs-interpolate covers it: <code>mode: '${st.mode}'</code></span>`);
    $('meta-tf').textContent = other.name ? other.note || `${size[0]} × ${size[1]}` : '';
    showPanel('view-diff', results.diff, '<span>Nothing to compare with.</span>');
    $('meta-diff').textContent = !results.diff ? '' : results.maxDiff === 0 ? 'identical: every value equal' :
        `white = max |Δ| ${fmtNum(results.maxDiff)} · mean ${fmtNum(results.meanDiff)}`;
    drawTiming();
    drawCode();
  }

  function drawTiming() {
    const {st, other, timeOurs, timeTheirs} = results;
    const rows = [['tfjs-interpolate', timeOurs, '']];
    if (timeTheirs) rows.push([other.name, timeTheirs, 'theirs']);
    const worst = Math.max(...rows.map((r) => r[1].ms));
    $('timing').innerHTML = `<table><tr><th>time per call on <b>${st.backend}</b></th><th></th><th class="num">ms</th></tr>` +
        rows.map(([name, t, cls]) => `<tr><td>${name}</td><td style="width:40%"><div class="bar ${cls}" ` +
            `style="width:${(100 * t.ms / worst).toFixed(1)}%"></div></td><td class="num">${fmtMs(t.ms)}</td></tr>`).join('') +
        `</table><p class="hint">${timeOurs.n} calls after a warm-up, output read back once; ` +
        (st.antialias && LINEAR.has(st.mode) && timeTheirs ?
          `antialias widens the filter by the downscale factor, tf.image's is the plain ${st.mode}; ` : '') +
        `the GPU backends here may be emulated, compare ratios.</p>`;
  }

  function drawCode() {
    const {st, other, size} = results;
    const src = images[st.image];
    const o = options(st);
    const fields = Object.entries(o).map(([k, v]) => `  ${k}: ${JSON.stringify(v).replace(/"/g, "'")},`);
    const py = [`mode='${st.mode}'`];
    if (o.size) py.unshift(`size=(${o.size})`);
    else py.unshift(`scale_factor=${+o.scaleFactor.toFixed(6)}`);
    if (o.alignCorners !== undefined) py.push(`align_corners=${o.alignCorners ? 'True' : 'False'}`);
    if (o.antialias) py.push('antialias=True');
    $('code').innerHTML = [
      `<span class="k">const</span> y = tf.interpolate(x, {   <span class="c">// x: [1, ${src.height}, ${src.width}, 3]</span>`,
      ...fields,
      `});                                <span class="c">// y: [1, ${size[0]}, ${size[1]}, 3]</span>`,
      `<span class="c">// PyTorch (NCHW): F.interpolate(x, ${py.join(', ')})</span>`,
      other.call ? `<span class="c">// beside it: ${other.call}</span>` : '',
    ].join('\n');
  }

  // ---------- start ----------
  async function start() {
    window.addEventListener('error', (e) => reportError(e.error || e.message));
    window.addEventListener('unhandledrejection', (e) => reportError(e.reason));
    const optional = await (await fetch('/vendor/backends.json')).json();
    for (const b of optional) {
      await loadScript(b.script);
      if (b.name === 'wasm' && tf.wasm) tf.wasm.setWasmPaths(b.base);
    }
    await loadScript('/dist/tfjs-interpolate.min.js');
    for (const spec of IMAGES) images[spec.value] = await loadImage(spec);
    for (const name of BACKEND_ORDER) {
      if (tf.findBackendFactory(name) == null) {
        demo.unavailable.push([name, 'its tf.js backend is not installed']);
      } else if (tf.getKernel(tfInterpolate.Interpolate, name) == null) {
        demo.unavailable.push([name, 'no Interpolate kernel for it in this build']);
      } else if (await tf.setBackend(name).catch(() => false)) {
        demo.backends.push(name);
      } else {
        demo.unavailable.push([name, 'could not start in this browser']);
      }
    }
    if (demo.backends.length === 0) throw new Error('no backend with an Interpolate kernel could start');
    state.backend = demo.backends.includes('webgl') ? 'webgl' : demo.backends[0];
    buildControls();
    syncControls();
    schedule();
    await demo.idle();
  }

  demo.ready = start().catch((e) => {
    reportError(e);
    throw e;
  });
})();
