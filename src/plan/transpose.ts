/**
 * Transposed (inverse) axis tables for gather-form gradients: where the forward table says "output
 * `o` reads input `index[o][k]` with weight `weight[o][k]`", the transposed table says "input `i`
 * receives `dy[o]` with weight `w`" for every such pair, padded to the largest pair count. A GPU
 * (or any gather-only device) then computes `dx[i] = sum_k dy[index'[i][k]] * weight'[i][k]` with
 * no scatter and no atomics, and never derives a coordinate itself. Pure TypeScript, no tf.js.
 */
import type {AxisTable} from './axis_table';

const f32 = Math.fround;

/** How the transposed weight of a pair is taken from the forward table. */
export type TransposeWeight =
    /** The table's weight (linear, bicubic, antialias; 1 for nearest). */
    'weight'|
    /** `1 / count[o]`: the adjoint of a window mean (area). */
    'reciprocalCount';

/**
 * The transpose of `t`: an {@link AxisTable} from `t.outSize` (gradient) positions to `t.inSize`
 * (input) positions. Pairs keep the forward's output order, so every input lists its readers in
 * increasing output index (duplicates, e.g. a clamped linear tap read twice, stay separate).
 * @example
 * transposeAxis(linearAxis(2, 4, false, 0)).count;  // Int32Array [3, 3]
 */
export function transposeAxis(t: AxisTable, weight: TransposeWeight = 'weight'): AxisTable {
  const {inSize, outSize, taps, index, count} = t;
  const counts = new Int32Array(inSize);
  for (let o = 0; o < outSize; o++) {
    for (let k = 0; k < count[o]; k++) counts[index[o * taps + k]]++;
  }
  let maxTaps = 1;
  for (let i = 0; i < inSize; i++) maxTaps = Math.max(maxTaps, counts[i]);
  const out = {
    inSize: outSize,
    outSize: inSize,
    taps: maxTaps,
    index: new Int32Array(inSize * maxTaps),
    weight: new Float32Array(inSize * maxTaps),
    count: new Int32Array(inSize),
    identity: t.identity,
  };
  for (let o = 0; o < outSize; o++) {
    const w1 = weight === 'reciprocalCount' ? f32(1 / count[o]) : 0;
    for (let k = 0; k < count[o]; k++) {
      const i = index[o * taps + k];
      const slot = i * maxTaps + out.count[i]++;
      out.index[slot] = o;
      out.weight[slot] = weight === 'reciprocalCount' ? w1 : t.weight[o * taps + k];
    }
  }
  return out;
}

/**
 * Forward area as a weighted table: the same taps with weight `1 / count[o]` (a window mean per
 * axis), so a GPU pass is one multiply-add loop for every mode.
 */
export function meanWeights(t: AxisTable): AxisTable {
  const weight = new Float32Array(t.weight.length);
  for (let o = 0; o < t.outSize; o++) {
    const w = f32(1 / t.count[o]);
    for (let k = 0; k < t.count[o]; k++) weight[o * t.taps + k] = w;
  }
  return {...t, weight};
}
