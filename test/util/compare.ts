/**
 * Assertions shared by the jest and karma suites (plain `throw`, so they work in both runners).
 */

/** Largest |a - e| divided by max(|e|) (or 1 when the expectation is all zeros). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    const d = Math.abs(actual[i] - expected[i]);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst / (scale > 0 ? scale : 1);
}

/** Throws unless `actual` has `expected`'s length and is within `tol` relative error (0 = exact). */
export function assertClose(
    actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string): number {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  }
  if (tol === 0) {
    for (let i = 0; i < expected.length; i++) {
      if (!Object.is(actual[i], expected[i]) && !(actual[i] === 0 && expected[i] === 0)) {
        throw new Error(`${label}: element ${i} is ${actual[i]}, expected exactly ${expected[i]}`);
      }
    }
    return 0;
  }
  const err = relativeError(actual, expected);
  if (!(err <= tol)) throw new Error(`${label}: relative error ${err} > ${tol}`);
  return err;
}

/** Throws unless the two shapes are equal. */
export function assertShape(actual: readonly number[], expected: readonly number[], label: string): void {
  if (actual.length !== expected.length || actual.some((v, i) => v !== expected[i])) {
    throw new Error(`${label}: shape [${actual}], expected [${expected}]`);
  }
}
