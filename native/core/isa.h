// The one instruction-set decision of the core: whether the AVX2 builds of the vector kernels run.
// Kernels keep one source per loop (over simd.h's portable types); where it pays, a loop is
// compiled twice, once as is and once inside a function with `TFJS_AVX2_TARGET`, and the caller
// picks the copy with useAvx2(). Every copy computes the same float32 operations lane by lane.
#pragma once

namespace tfjs_interpolate {

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TFJS_AVX2_DISPATCH 1
#define TFJS_AVX2_TARGET __attribute__((target("avx2")))
#endif

/** True when the CPU has AVX2 and the portable path is not forced (setPortableOnly). */
bool useAvx2();

/**
 * Forces the portable vector code (no AVX2 copies) when `on`: the path every non-x86 build runs,
 * so tests on x86 can cover it. Call before any kernel runs (not synchronised with running ones).
 */
void setPortableOnly(bool on);

/** The vector instruction set the kernels use now: "avx2", "sse2", "wasm-simd128", "neon" or
 * "scalar" (for diagnostics). */
const char* activeIsa();

}  // namespace tfjs_interpolate
