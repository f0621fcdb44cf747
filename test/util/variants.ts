import type {InterpolateOptions} from '../../src/ops/options';
import type {InterpolateMode} from '../../src/plan/types';

/** Modes accepted at each rank (PyTorch's table). */
export const RANK_MODES: Record<number, InterpolateMode[]> = {
  3: ['nearest', 'nearest-exact', 'linear', 'area'],
  4: ['nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area'],
  5: ['nearest', 'nearest-exact', 'trilinear', 'area'],
};

/** Every accepted (rank, mode, alignCorners, antialias) combination. */
export function allVariants(): Array<{rank: number, options: InterpolateOptions}> {
  const out: Array<{rank: number, options: InterpolateOptions}> = [];
  for (const rank of [3, 4, 5]) {
    for (const mode of RANK_MODES[rank]) {
      const interpolating = mode === 'linear' || mode === 'bilinear' || mode === 'bicubic' || mode === 'trilinear';
      for (const alignCorners of interpolating ? [false, true] : [undefined]) {
        const aa = rank === 4 && (mode === 'bilinear' || mode === 'bicubic');
        for (const antialias of aa ? [false, true] : [false]) {
          out.push({rank, options: {mode, alignCorners, antialias}});
        }
      }
    }
  }
  return out;
}
