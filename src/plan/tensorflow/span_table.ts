/**
 * Axis tables from TensorFlow's per-output spans: the same {@link AxisTable} shape the PyTorch
 * builders produce, so every kernel consumes them unchanged.
 */
import {AxisTable, makeTable} from '../axis_table';

/** Builds a table from per-output tap lists (index, weight), in the order the kernel sums them. */
export function tableFromTaps(
    inSize: number, outSize: number, tapsOf: (o: number) => Array<[number, number]>): AxisTable {
  const rows: Array<Array<[number, number]>> = [];
  let taps = 1;
  for (let o = 0; o < outSize; o++) {
    rows.push(tapsOf(o));
    taps = Math.max(taps, rows[o].length);
  }
  const t = makeTable(inSize, outSize, taps);
  rows.forEach((row, o) => {
    t.count[o] = row.length;
    row.forEach(([i, w], k) => {
      t.index[o * taps + k] = i;
      t.weight[o * taps + k] = w;
    });
  });
  return t;
}
