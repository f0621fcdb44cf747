// Portable vector types (GCC/Clang vector extensions) and the few operations the kernels need
// beyond lane-wise arithmetic. The kernels are written once over these types; the compiler lowers
// them to AVX2 (inside functions compiled for it, see isa.h), SSE2, WebAssembly SIMD128 or NEON.
// Lane-wise `+`, `*`, `/` are the IEEE operations of the scalar code, so every lane rounds exactly
// as the scalar reference does (the build forbids contraction into fused multiply-adds).
//
// This header and isa.h are the only places with ISA-specific code: the AVX2 operations of the
// windowed W pass, SSE2 streaming stores and the spin-wait hint. Everything has a portable form.
#pragma once

#include <cstdint>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TFJS_X86 1
#include <immintrin.h>
#endif

#define TFJS_ALWAYS_INLINE inline __attribute__((always_inline))

namespace tfjs_interpolate {

// Unaligned and allowed to alias float/int storage: loads and stores through these types are
// plain unaligned vector moves.
typedef float V8 __attribute__((vector_size(32), aligned(4), may_alias));
typedef float F4 __attribute__((vector_size(16), aligned(4), may_alias));
typedef int32_t I8 __attribute__((vector_size(32), aligned(4), may_alias));
typedef int32_t I4 __attribute__((vector_size(16), aligned(4), may_alias));
typedef double D4 __attribute__((vector_size(32), aligned(8), may_alias));

TFJS_ALWAYS_INLINE V8 load8(const float* p) { return *reinterpret_cast<const V8*>(p); }
TFJS_ALWAYS_INLINE I8 load8i(const int32_t* p) { return *reinterpret_cast<const I8*>(p); }
TFJS_ALWAYS_INLINE void store8(float* p, V8 v) { *reinterpret_cast<V8*>(p) = v; }
TFJS_ALWAYS_INLINE F4 load4(const float* p) { return *reinterpret_cast<const F4*>(p); }
TFJS_ALWAYS_INLINE void store4(float* p, F4 v) { *reinterpret_cast<F4*>(p) = v; }
TFJS_ALWAYS_INLINE V8 splat8(float v) { return V8{v, v, v, v, v, v, v, v}; }

TFJS_ALWAYS_INLINE F4 lower4(V8 v) { return __builtin_shufflevector(v, v, 0, 1, 2, 3); }
TFJS_ALWAYS_INLINE F4 upper4(V8 v) { return __builtin_shufflevector(v, v, 4, 5, 6, 7); }
TFJS_ALWAYS_INLINE I4 lower4(I8 v) { return __builtin_shufflevector(v, v, 0, 1, 2, 3); }
TFJS_ALWAYS_INLINE I4 upper4(I8 v) { return __builtin_shufflevector(v, v, 4, 5, 6, 7); }
TFJS_ALWAYS_INLINE V8 join8(F4 lo, F4 hi) { return __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7); }
/** float32 -> double (exact) and double -> float32 (round to nearest even), lane-wise. */
TFJS_ALWAYS_INLINE D4 widen(F4 v) { return __builtin_convertvector(v, D4); }
TFJS_ALWAYS_INLINE D4 widen(I4 v) { return __builtin_convertvector(v, D4); }
TFJS_ALWAYS_INLINE F4 narrow(D4 v) { return __builtin_convertvector(v, F4); }

/** Lane-wise `mask ? a : b` for masks of all ones or all zeros. */
TFJS_ALWAYS_INLINE V8 select8(I8 mask, V8 a, V8 b) {
  return reinterpret_cast<V8>((reinterpret_cast<I8>(a) & mask) | (reinterpret_cast<I8>(b) & ~mask));
}

/** Transposes four rows of four floats in place (r[i][j] <- r[j][i]). */
TFJS_ALWAYS_INLINE void transpose4(F4& r0, F4& r1, F4& r2, F4& r3) {
  const F4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);
  const F4 t1 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
  const F4 t2 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
  const F4 t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
  r0 = __builtin_shufflevector(t0, t1, 0, 1, 4, 5);
  r1 = __builtin_shufflevector(t0, t1, 2, 3, 6, 7);
  r2 = __builtin_shufflevector(t2, t3, 0, 1, 4, 5);
  r3 = __builtin_shufflevector(t2, t3, 2, 3, 6, 7);
}

/** Interleaves `n` elements of 8 rows into `dst` (dst[i][p] = rows[p][i]). */
TFJS_ALWAYS_INLINE void interleave8(const float* const* rows, int64_t n, V8* __restrict dst) {
  int64_t i = 0;
  float* d = reinterpret_cast<float*>(dst);
  for (; i + 4 <= n; i += 4) {
    for (int p = 0; p < 8; p += 4) {
      F4 r0 = load4(rows[p + 0] + i), r1 = load4(rows[p + 1] + i);
      F4 r2 = load4(rows[p + 2] + i), r3 = load4(rows[p + 3] + i);
      transpose4(r0, r1, r2, r3);
      store4(d + (i + 0) * 8 + p, r0);
      store4(d + (i + 1) * 8 + p, r1);
      store4(d + (i + 2) * 8 + p, r2);
      store4(d + (i + 3) * 8 + p, r3);
    }
  }
  for (; i < n; i++) {
    for (int p = 0; p < 8; p++) dst[i][p] = rows[p][i];
  }
}

/** The inverse of interleave8. */
TFJS_ALWAYS_INLINE void deinterleave8(const V8* __restrict src, int64_t n, float* const* rows) {
  int64_t i = 0;
  const float* s = reinterpret_cast<const float*>(src);
  for (; i + 4 <= n; i += 4) {
    for (int p = 0; p < 8; p += 4) {
      F4 r0 = load4(s + (i + 0) * 8 + p), r1 = load4(s + (i + 1) * 8 + p);
      F4 r2 = load4(s + (i + 2) * 8 + p), r3 = load4(s + (i + 3) * 8 + p);
      transpose4(r0, r1, r2, r3);
      store4(rows[p + 0] + i, r0);
      store4(rows[p + 1] + i, r1);
      store4(rows[p + 2] + i, r2);
      store4(rows[p + 3] + i, r3);
    }
  }
  for (; i < n; i++) {
    for (int p = 0; p < 8; p++) rows[p][i] = src[i][p];
  }
}

/** Whether streamStore4 bypasses the cache on this target. */
#if defined(__SSE2__)
constexpr bool kStreamingStores = true;
#else
constexpr bool kStreamingStores = false;
#endif

/** Stores four floats at 16-byte aligned `p`, bypassing the cache where the target can. */
TFJS_ALWAYS_INLINE void streamStore4(float* p, F4 v) {
#if defined(__SSE2__)
  _mm_stream_ps(p, reinterpret_cast<__m128>(v));
#else
  store4(p, v);
#endif
}

/** Orders earlier streaming stores before later stores (a no-op without them). */
inline void streamFence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

/** A hint inside spin-wait loops. */
inline void cpuRelax() {
#if defined(__SSE2__)
  _mm_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

// ---------------------------------------------------------------------------------------------
// Operations of the windowed W pass (window_pass.cc), per instruction set. A window is 8 or 16
// consecutive row elements starting at `p`, held in two registers `lo`/`hi`; a tap's eight lanes
// are picked from it by `perm` (offset in the lower half, or bit 31 set for the upper half), or
// for width 0 gathered from p[perm[l]].

// The basic operations again (and the window load), as members of each Ops struct: a kernel compiled for AVX2 must not
// pass 256-bit vectors to a function compiled without it (clang rejects that call, as it changes
// the calling convention), so every instruction set's kernels call their own copies.
#define TFJS_VECTOR_OPS(FN)                                                                           \
  static FN V8 load8(const float* p) { return *reinterpret_cast<const V8*>(p); }                      \
  static FN I8 load8i(const int32_t* p) { return *reinterpret_cast<const I8*>(p); }                   \
  static FN void store8(float* p, V8 v) { *reinterpret_cast<V8*>(p) = v; }                            \
  static FN V8 splat8(float v) { return V8{v, v, v, v, v, v, v, v}; }                                 \
  static FN V8 join8(F4 lo, F4 hi) { return __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7); } \
  static FN V8 select8(I8 mask, V8 a, V8 b) {                                                         \
    return reinterpret_cast<V8>((reinterpret_cast<I8>(a) & mask) | (reinterpret_cast<I8>(b) & ~mask)); \
  }                                                                                                   \
  static FN void loadWindow(const float* p, int width, V8& lo, V8& hi) {                              \
    lo = width == 0 ? V8{} : load8(p);                                                                \
    hi = width == 16 ? load8(p + 8) : lo;                                                             \
  }

/** Portable forms: element loads. */
struct PortableOps {
  TFJS_VECTOR_OPS(TFJS_ALWAYS_INLINE)
  static TFJS_ALWAYS_INLINE V8 gather(const float* p, I8 i) {
    return V8{p[i[0]], p[i[1]], p[i[2]], p[i[3]], p[i[4]], p[i[5]], p[i[6]], p[i[7]]};
  }
  static TFJS_ALWAYS_INLINE D4 widenLower(V8 v) { return widen(lower4(v)); }
  static TFJS_ALWAYS_INLINE D4 widenUpper(V8 v) { return widen(upper4(v)); }
  static TFJS_ALWAYS_INLINE D4 widenLower(I8 v) { return widen(lower4(v)); }
  static TFJS_ALWAYS_INLINE D4 widenUpper(I8 v) { return widen(upper4(v)); }
  static TFJS_ALWAYS_INLINE F4 narrow4(D4 v) { return narrow(v); }
  static TFJS_ALWAYS_INLINE D4 widen4(F4 v) { return widen(v); }
  /** The tap's values: window offsets decoded from `perm` (bit 31 -> +8), then loads. */
  template <int kWidth>
  static TFJS_ALWAYS_INLINE V8 pick(const float* p, V8, V8, const int32_t* perm) {
    const I8 i = load8i(perm);
    if (kWidth == 0) return gather(p, i);
    return gather(p, (i & 7) | ((i >> 28) & 8));
  }
};

#if defined(TFJS_X86)
#define TFJS_AVX2_FN __attribute__((target("avx2"), always_inline)) inline

/** AVX2 forms: lane permutations of the window registers, hardware gathers. */
struct Avx2Ops {
  TFJS_VECTOR_OPS(TFJS_AVX2_FN)
  static TFJS_AVX2_FN V8 gather(const float* p, I8 i) {
    return reinterpret_cast<V8>(_mm256_i32gather_ps(p, reinterpret_cast<__m256i>(i), 4));
  }
  // Conversions as single AVX instructions (the generic forms compile to 128-bit halves).
  static TFJS_AVX2_FN D4 widenLower(V8 v) {
    return reinterpret_cast<D4>(_mm256_cvtps_pd(_mm256_castps256_ps128(reinterpret_cast<__m256>(v))));
  }
  static TFJS_AVX2_FN D4 widenUpper(V8 v) {
    return reinterpret_cast<D4>(_mm256_cvtps_pd(_mm256_extractf128_ps(reinterpret_cast<__m256>(v), 1)));
  }
  static TFJS_AVX2_FN D4 widenLower(I8 v) {
    return reinterpret_cast<D4>(_mm256_cvtepi32_pd(_mm256_castsi256_si128(reinterpret_cast<__m256i>(v))));
  }
  static TFJS_AVX2_FN D4 widenUpper(I8 v) {
    return reinterpret_cast<D4>(_mm256_cvtepi32_pd(_mm256_extracti128_si256(reinterpret_cast<__m256i>(v), 1)));
  }
  static TFJS_AVX2_FN F4 narrow4(D4 v) { return reinterpret_cast<F4>(_mm256_cvtpd_ps(reinterpret_cast<__m256d>(v))); }
  static TFJS_AVX2_FN D4 widen4(F4 v) { return reinterpret_cast<D4>(_mm256_cvtps_pd(reinterpret_cast<__m128>(v))); }
  template <int kWidth>
  static TFJS_AVX2_FN V8 pick(const float* p, V8 lo, V8 hi, const int32_t* perm) {
    const __m256i i = reinterpret_cast<__m256i>(load8i(perm));
    if (kWidth == 0) return reinterpret_cast<V8>(_mm256_i32gather_ps(p, i, 4));
    const __m256 a = _mm256_permutevar8x32_ps(reinterpret_cast<__m256>(lo), i);
    if (kWidth == 8) return reinterpret_cast<V8>(a);
    return reinterpret_cast<V8>(_mm256_blendv_ps(a, _mm256_permutevar8x32_ps(reinterpret_cast<__m256>(hi), i),
                                                 _mm256_castsi256_ps(i)));
  }
};
#endif

}  // namespace tfjs_interpolate
