/**
 * Axis tables from TensorFlow's per-output spans: the same {@link AxisTable} shape the PyTorch
 * builders produce, so every kernel consumes them unchanged.
 */
import type {AxisTable} from '../axis_table';

/** A writable table of `outSize` rows of `taps` taps (all zero, `count` 0). */
export function emptyTable(inSize: number, outSize: number, taps: number) {
  return {
    inSize,
    outSize,
    taps,
    index: new Int32Array(outSize * taps),
    weight: new Float32Array(outSize * taps),
    count: new Int32Array(outSize),
    identity: false,
  };
}

/** Builds a table from per-output tap lists (index, weight), in the order the kernel sums them. */
export function tableFromTaps(
    inSize: number, outSize: number, tapsOf: (o: number) => Array<[number, number]>): AxisTable {
  const rows: Array<Array<[number, number]>> = [];
  let taps = 1;
  for (let o = 0; o < outSize; o++) {
    rows.push(tapsOf(o));
    taps = Math.max(taps, rows[o].length);
  }
  const t = emptyTable(inSize, outSize, taps);
  rows.forEach((row, o) => {
    t.count[o] = row.length;
    row.forEach(([i, w], k) => {
      t.index[o * taps + k] = i;
      t.weight[o * taps + k] = w;
    });
  });
  return t;
}
