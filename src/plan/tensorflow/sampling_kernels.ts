/**
 * `ScaleAndTranslate`'s sampling kernels (`sampling_kernels.h`), each a float32 function of the
 * distance `|x|` from the sample point with its radius.
 */
import type {SamplingKernelType} from './types';

const f32 = Math.fround;

/** A kernel: its radius (float32) and weight function. */
export interface SamplingKernel {
  readonly radius: number;
  weight(x: number): number;
}

/** `constexpr float kPI = 3.14159265359`. */
const PI = f32(3.14159265359);
const PI2 = f32(PI * PI);

function lanczos(radius: number): SamplingKernel {
  return {
    radius,
    weight(x: number): number {
      x = Math.abs(x);
      if (x > radius) return 0;
      if (x <= 1e-3) return 1;  // the sin(x)/x limit (compared in double, as in C++)
      const px = f32(PI * x);
      const num = f32(f32(radius * f32(Math.sin(px))) * f32(Math.sin(f32(px / radius))));
      return f32(num / f32(f32(PI2 * x) * x));
    },
  };
}

const GAUSSIAN: SamplingKernel = {
  radius: 1.5,
  // sigma = radius / 3 = 0.5: exp(-x*x / (2.0 * sigma * sigma)) in double, returned as float.
  weight: (x) => {
    x = Math.abs(x);
    return x >= 1.5 ? 0 : f32(Math.exp(f32(-x * x) / 0.5));
  },
};

const BOX: SamplingKernel = {
  radius: 1,
  weight: (x) => {
    x = Math.abs(x);
    return x < 0.5 ? 1 : x === 0.5 ? 0.5 : 0;
  },
};

const TRIANGLE: SamplingKernel = {
  radius: 1,
  weight: (x) => {
    x = Math.abs(x);
    return x < 1 ? f32(1 - x) : 0;
  },
};

const KEYS_CUBIC: SamplingKernel = {
  radius: 2,
  weight: (x) => {
    x = Math.abs(x);
    if (x >= 2) return 0;
    if (x >= 1) return f32(f32(f32(f32(f32(f32(-0.5 * x) + 2.5) * x) - 4) * x) + 2);
    return f32(f32(f32(f32(f32(1.5 * x) - 2.5) * x) * x) + 1);
  },
};

const M1 = f32(-7 / 18), M2 = f32(10 / 3), M3 = f32(16 / 9), M4 = f32(7 / 6), M5 = f32(8 / 9);

const MITCHELL_CUBIC: SamplingKernel = {
  radius: 2,
  weight: (x) => {
    x = Math.abs(x);
    if (x >= 2) return 0;
    if (x >= 1) return f32(f32(f32(f32(f32(f32(M1 * x) + 2) * x) - M2) * x) + M3);
    return f32(f32(f32(f32(f32(M4 * x) - 2) * x) * x) + M5);
  },
};

const KERNELS: Record<SamplingKernelType, SamplingKernel> = {
  lanczos1: lanczos(1),
  lanczos3: lanczos(3),
  lanczos5: lanczos(5),
  gaussian: GAUSSIAN,
  box: BOX,
  triangle: TRIANGLE,
  keyscubic: KEYS_CUBIC,
  mitchellcubic: MITCHELL_CUBIC,
};

/**
 * The kernel named `type`.
 * @example
 * samplingKernel('triangle').weight(0.25); // 0.75
 */
export function samplingKernel(type: SamplingKernelType): SamplingKernel {
  return KERNELS[type];
}
