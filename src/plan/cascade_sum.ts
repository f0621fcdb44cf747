/**
 * `at::sum` of one contiguous float32 plane as PyTorch 1.13.1's CPU reduction performs it
 * (`aten/src/ATen/native/cpu/SumKernel.cpp`, one thread): 8-lane vector accumulators over groups of
 * four rows, combined by a cascade of partial sums. `area` uses it when every output size is 1
 * (`adaptive_avg_pool` then calls `mean`), so reproducing its rounding keeps that case bit-exact.
 */

const f32 = Math.fround;

/** Read-only indexed view of a plane (`get(i)` for `i < length`). */
export interface PlaneReader {
  readonly length: number;
  get(i: number): number;
}

function ceilLog2(v: number): number {
  return v <= 2 ? 1 : 32 - Math.clz32(v - 1);
}

/**
 * `multi_row_sum`: sums `rows` rows of `width` lanes (row r, lane k = `row(r, k)`) with the
 * cascade of four levels that bounds the error growth.
 */
function multiRowSum(rows: number, width: number, row: (r: number, k: number) => number): Float64Array {
  const level = Math.max(4, Math.floor(ceilLog2(rows) / 4));
  const step = 2 ** level;
  const mask = step - 1;
  const acc = [0, 1, 2, 3].map(() => new Float64Array(width));
  let i = 0;
  while (i + step <= rows) {
    for (let n = 0; n < step; n++, i++) {
      for (let k = 0; k < width; k++) acc[0][k] = f32(acc[0][k] + row(i, k));
    }
    for (let j = 1; j < 4; j++) {
      for (let k = 0; k < width; k++) {
        acc[j][k] = f32(acc[j][k] + acc[j - 1][k]);
        acc[j - 1][k] = 0;
      }
      if ((i & (mask * 2 ** (j * level))) !== 0) break;
    }
  }
  for (; i < rows; i++) {
    for (let k = 0; k < width; k++) acc[0][k] = f32(acc[0][k] + row(i, k));
  }
  for (let j = 1; j < 4; j++) {
    for (let k = 0; k < width; k++) acc[0][k] = f32(acc[0][k] + acc[j][k]);
  }
  return acc[0];
}

/** `row_sum` over `len` items of `width` lanes: rows of four items, then the leftover items. */
function rowSum(len: number, width: number, item: (i: number, k: number) => number): Float64Array {
  const m = Math.floor(len / 4);
  const partial = [0, 1, 2, 3].map(
      (q) => multiRowSum(m, width, (r, k) => item(4 * r + q, k)));
  const p0 = partial[0];
  for (let i = 4 * m; i < len; i++) {
    for (let k = 0; k < width; k++) p0[k] = f32(p0[k] + item(i, k));
  }
  for (let q = 1; q < 4; q++) {
    for (let k = 0; k < width; k++) p0[k] = f32(p0[k] + partial[q][k]);
  }
  return p0;
}

/** PyTorch's float32 `sum` of a contiguous plane. */
export function cascadeSum(plane: PlaneReader): number {
  const n = plane.length;
  let fin = 0;
  if (n >= 8) {
    const vectors = Math.floor(n / 8);
    const lanes = rowSum(vectors, 8, (i, k) => plane.get(8 * i + k));
    for (let i = 8 * vectors; i < n; i++) fin = f32(fin + plane.get(i));
    for (let k = 0; k < 8; k++) fin = f32(fin + lanes[k]);
  } else {
    fin = rowSum(n, 1, (i) => plane.get(i))[0];
  }
  return f32(0 + fin);
}
