// Writes test/golden/graph_models.json: TensorFlow graph models in tf.js's GraphModel format
// (the GraphDef as JSON, as tensorflowjs_converter writes model.json's `modelTopology`, and the
// Const tensors as weights), one per op (Placeholder -> op) and one chain of all three:
//   images -> ResizeBicubic(hpc) -> ResizeArea -> ScaleAndTranslate(keyscubic, antialias).
// Each entry is {modelTopology, weightSpecs, weightData (base64)}: what `tf.io.fromMemory` takes.
//
// Usage: node test/golden/tensorflow/make_graph_models.cjs
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const OUT = path.join(__dirname, '..', 'graph_models.json');

const str = (s) => ({s: Buffer.from(s).toString('base64')});
const shapeOf = (dims) => ({dim: dims.map((d) => ({size: String(d)}))});

/** A graph under construction: nodes, and Const values as weights. */
function graph() {
  const nodes = [];
  const weights = [];
  return {
    placeholder(name, dims) {
      nodes.push({name, op: 'Placeholder', attr: {dtype: {type: 'DT_FLOAT'}, shape: {shape: shapeOf(dims)}}});
      return name;
    },
    constant(name, dtype, values) {
      const tf = dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
      nodes.push({name, op: 'Const', attr: {value: {tensor: {dtype: tf, tensorShape: shapeOf([values.length])}}, dtype: {type: tf}}});
      weights.push({spec: {name, shape: [values.length], dtype}, data: dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values)});
      return name;
    },
    op(name, op, input, attr) {
      nodes.push({name, op, input, attr: {T: {type: 'DT_FLOAT'}, ...attr}});
      return name;
    },
    done() {
      const bytes = Buffer.concat(weights.map((w) => Buffer.from(w.data.buffer)));
      return {
        modelTopology: {node: nodes, library: {}, versions: {producer: 1286}},
        weightSpecs: weights.map((w) => w.spec),
        weightData: bytes.toString('base64'),
      };
    },
  };
}

function bicubic() {
  const g = graph();
  const x = g.placeholder('images', [-1, -1, -1, 3]);
  g.op('resized', 'ResizeBicubic', [x, g.constant('size', 'int32', [9, 7])],
       {align_corners: {b: false}, half_pixel_centers: {b: true}});
  return g.done();
}

function area() {
  const g = graph();
  const x = g.placeholder('images', [-1, -1, -1, 3]);
  // No attributes stored: TensorFlow's default align_corners=false applies.
  g.op('resized', 'ResizeArea', [x, g.constant('size', 'int32', [3, 4])], {});
  return g.done();
}

function scaleAndTranslate() {
  const g = graph();
  const x = g.placeholder('images', [-1, -1, -1, 3]);
  g.op('resized', 'ScaleAndTranslate',
       [x, g.constant('size', 'int32', [4, 3]), g.constant('scale', 'float32', [0.5, 0.375]),
        g.constant('translation', 'float32', [0, 0])],
       {kernel_type: str('lanczos3'), antialias: {b: true}});
  return g.done();
}

function chain() {
  const g = graph();
  const x = g.placeholder('images', [1, 8, 8, 3]);
  const up = g.op('bicubic', 'ResizeBicubic', [x, g.constant('bicubic/size', 'int32', [16, 12])],
                  {align_corners: {b: false}, half_pixel_centers: {b: true}});
  const down = g.op('area', 'ResizeArea', [up, g.constant('area/size', 'int32', [6, 5])], {align_corners: {b: false}});
  g.op('output', 'ScaleAndTranslate',
       [down, g.constant('sat/size', 'int32', [4, 4]), g.constant('sat/scale', 'float32', [0.6666667, 0.8]),
        g.constant('sat/translation', 'float32', [0.25, -0.5])],
       {kernel_type: str('keyscubic'), antialias: {b: true}});
  return g.done();
}

const models = {bicubic: bicubic(), area: area(), scaleAndTranslate: scaleAndTranslate(), chain: chain()};
fs.writeFileSync(OUT, JSON.stringify(models) + '\n');
console.log(`wrote ${Object.keys(models).length} graph models to ${path.relative(process.cwd(), OUT)}`);
