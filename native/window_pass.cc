#include "window_pass.h"

#include <algorithm>
#include <limits>
#include <type_traits>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define TFJS_WINDOW_AVX2 1
#endif

namespace tfjs_interpolate {

bool buildWindowTable(const Axis& t, int64_t inner, WindowUse use, WindowTable& w) {
  const int64_t taps = t.taps, outLen = t.outSize * inner, inLen = t.inSize * inner;
  if (taps < 1 || inner < 1 || outLen < 8 || inLen > std::numeric_limits<int32_t>::max()) return false;
  if (use == kWindowArea && inner != 1) return false;
  for (int64_t j = 0; j < t.outSize; j++) {
    if (t.count[j] < 1 || (use == kWindowLinear && t.count[j] != taps)) return false;
  }
  auto count = [&](int64_t j) { return int64_t(t.count[j / inner]); };
  auto index = [&](int64_t j, int64_t k) { return int64_t(t.index[(j / inner) * taps + k]) * inner + j % inner; };
  auto weight = [&](int64_t j, int64_t k) { return t.weight[(j / inner) * taps + k]; };
  // Lowest input and span of each block's real taps.
  const int64_t blocks = outLen / 8;
  std::vector<int64_t> low(static_cast<size_t>(blocks));
  int64_t span = 0;
  for (int64_t b = 0; b < blocks; b++) {
    int64_t lo = inLen, hi = -1;
    for (int64_t j = 8 * b; j < 8 * b + 8; j++) {
      for (int64_t k = 0; k < count(j); k++) {
        lo = std::min(lo, index(j, k));
        hi = std::max(hi, index(j, k));
      }
    }
    low[b] = lo;
    span = std::max(span, hi - lo + 1);
  }
  // Windows of 8 or 16 elements are picked from registers, wider ones gathered (width 0). Linear
  // channels-first rows never gather: the portable pass, eight rows side by side, does better.
  int width = span <= 8 ? 8 : span <= 16 ? 16 : 0;
  if (inLen < width) width = 0;
  if (width == 0 && use == kWindowLinear && inner == 1) return false;
  w.width = width;
  w.taps = taps;
  w.outLen = outLen;
  w.blocks = blocks;
  w.base.assign(static_cast<size_t>(blocks), 0);
  w.perm.assign(static_cast<size_t>(blocks * taps * 8), 0);
  w.weight.assign(static_cast<size_t>(blocks * taps * 8), 0.0f);
  // Masks and counts: area rows only (linear tables have every tap).
  const bool area = use == kWindowArea;
  w.mask.assign(area ? static_cast<size_t>(blocks * taps * 8) : 0, 0);
  w.count.resize(area ? static_cast<size_t>(outLen) : 0);
  for (int64_t j = 0; area && j < outLen; j++) w.count[j] = static_cast<int32_t>(count(j));
  for (int64_t b = 0; b < blocks; b++) {
    const int64_t base = width == 0 ? low[b] : std::min(low[b], inLen - width);  // inside the row
    w.base[b] = static_cast<int32_t>(base);
    for (int64_t k = 0; k < taps; k++) {
      for (int64_t l = 0; l < 8; l++) {
        const int64_t j = 8 * b + l;
        if (k >= count(j)) continue;  // lane offset 0, weight 0, mask 0
        const int64_t off = index(j, k) - base;  // in [0, width) for register windows
        const size_t at = static_cast<size_t>((b * taps + k) * 8 + l);
        w.perm[at] = width == 0 ? static_cast<int32_t>(off) :
                     static_cast<int32_t>(off >= 8 ? (uint32_t(off - 8) | 0x80000000u) : uint32_t(off));
        w.weight[at] = weight(j, k);
        if (area) w.mask[at] = -1;
      }
    }
  }
  w.tailIndex.assign(static_cast<size_t>((outLen - 8 * blocks) * taps), 0);
  w.tailWeight.assign(static_cast<size_t>((outLen - 8 * blocks) * taps), 0.0f);
  for (int64_t j = 8 * blocks; j < outLen; j++) {
    for (int64_t k = 0; k < count(j); k++) {
      w.tailIndex[(j - 8 * blocks) * taps + k] = static_cast<int32_t>(index(j, k));
      w.tailWeight[(j - 8 * blocks) * taps + k] = weight(j, k);
    }
  }
  return true;
}

#ifdef TFJS_WINDOW_AVX2

bool windowPassAvailable() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

namespace {

/** The eight values of one tap: lanes of the window's lower or upper half (bit 31 of the index). */
template <bool kWide>
__attribute__((target("avx2"), always_inline)) inline __m256 pick(__m256 lo, __m256 hi, __m256i i) {
  const __m256 a = _mm256_permutevar8x32_ps(lo, i);
  if (!kWide) return a;
  return _mm256_blendv_ps(a, _mm256_permutevar8x32_ps(hi, i), _mm256_castsi256_ps(i));
}

__attribute__((target("avx2"), always_inline)) inline __m256i permAt(const int32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

/** Tap values of a block: lanes of the register window of kWidth (8 or 16), or gathered (0). */
template <int kWidth>
__attribute__((target("avx2"), always_inline)) inline __m256 tapValues(const float* p, __m256 lo, __m256 hi,
                                                                      const int32_t* pm) {
  if (kWidth == 0) return _mm256_i32gather_ps(p, permAt(pm), 4);
  return pick<kWidth == 16>(lo, hi, permAt(pm));
}

/** The window's registers (unused when gathering). */
template <int kWidth>
__attribute__((target("avx2"), always_inline)) inline void loadWindow(const float* p, __m256& lo, __m256& hi) {
  lo = kWidth == 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(p);
  hi = kWidth == 16 ? _mm256_loadu_ps(p + 8) : lo;
}

template <int kWidth, int kTaps>
__attribute__((target("avx2"))) void windowBlocks(const float* src, float* dst, const WindowTable& w) {
  const int64_t n = kTaps > 0 ? kTaps : w.taps;
  for (int64_t b = 0; b < w.blocks; b++) {
    const float* p = src + w.base[b];
    __m256 lo, hi;
    loadWindow<kWidth>(p, lo, hi);
    const int32_t* pm = w.perm.data() + b * n * 8;
    const float* wt = w.weight.data() + b * n * 8;
    __m256 acc = _mm256_mul_ps(tapValues<kWidth>(p, lo, hi, pm), _mm256_loadu_ps(wt));
    for (int64_t k = 1; k < n; k++) {
      acc = _mm256_add_ps(acc, _mm256_mul_ps(tapValues<kWidth>(p, lo, hi, pm + 8 * k), _mm256_loadu_ps(wt + 8 * k)));
    }
    _mm256_storeu_ps(dst + 8 * b, acc);
  }
}

/** Calls `run(std::integral_constant<int, W>())` for the table's window width W (8, 16 or 0). */
template <typename Run>
void byWidth(const WindowTable& w, const Run& run) {
  if (w.width == 8) {
    run(std::integral_constant<int, 8>());
  } else if (w.width == 16) {
    run(std::integral_constant<int, 16>());
  } else {
    run(std::integral_constant<int, 0>());
  }
}

template <int kWidth>
__attribute__((target("avx2"))) void windowBlocksDouble(const float* const* rows, const float* rowWeights,
                                                        int64_t nRows, float* dst, const WindowTable& w) {
  const int64_t taps = w.taps;
  for (int64_t b = 0; b < w.blocks; b++) {
    const int32_t* pm = w.perm.data() + b * taps * 8;
    const float* wt = w.weight.data() + b * taps * 8;
    __m256d accLo = _mm256_setzero_pd(), accHi = _mm256_setzero_pd();
    for (int64_t r = 0; r < nRows; r++) {
      const float* p = rows[r] + w.base[b];
      __m256 lo, hi;
      loadWindow<kWidth>(p, lo, hi);
      const __m256 rw = _mm256_set1_ps(rowWeights[r]);
      for (int64_t k = 0; k < taps; k++) {
        const __m256 v = tapValues<kWidth>(p, lo, hi, pm + 8 * k);
        const __m256 wk = _mm256_mul_ps(rw, _mm256_loadu_ps(wt + 8 * k));
        // Products of two float32 values are exact in double; only the sums round.
        accLo = _mm256_add_pd(accLo, _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)),
                                                   _mm256_cvtps_pd(_mm256_castps256_ps128(wk))));
        accHi = _mm256_add_pd(accHi, _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)),
                                                   _mm256_cvtps_pd(_mm256_extractf128_ps(wk, 1))));
      }
    }
    _mm256_storeu_ps(dst + 8 * b, _mm256_set_m128(_mm256_cvtpd_ps(accHi), _mm256_cvtpd_ps(accLo)));
  }
}

/**
 * Tap k's eight values of a block: picked from the register window, or gathered; lanes past their
 * element's count read -0, which leaves a float sum unchanged (x + -0 == x for every x).
 */
template <int kWidth>
__attribute__((target("avx2"), always_inline)) inline __m256 maskedTap(const float* p, __m256 lo, __m256 hi,
                                                                      const int32_t* pm, const int32_t* mk) {
  const __m256 mask = _mm256_castsi256_ps(permAt(mk));
  const __m256 negZero = _mm256_set1_ps(-0.0f);
  if (kWidth == 0) return _mm256_mask_i32gather_ps(negZero, p, permAt(pm), mask, 4);
  return _mm256_blendv_ps(negZero, pick<kWidth == 16>(lo, hi, permAt(pm)), mask);
}

template <int kWidth>
__attribute__((target("avx2"))) void areaBlocks(const float* const* rows, int64_t nRows, int32_t kd, int32_t kh,
                                                float* dst, const WindowTable& w) {
  const int64_t taps = w.taps;
  const __m256d dd = _mm256_set1_pd(kd), dh = _mm256_set1_pd(kh);
  for (int64_t b = 0; b < w.blocks; b++) {
    const int32_t* pm = w.perm.data() + b * taps * 8;
    const int32_t* mk = w.mask.data() + b * taps * 8;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t r = 0; r < nRows; r++) {
      const float* p = rows[r] + w.base[b];
      __m256 lo, hi;
      loadWindow<kWidth>(p, lo, hi);
      for (int64_t k = 0; k < taps; k++) acc = _mm256_add_ps(acc, maskedTap<kWidth>(p, lo, hi, pm + 8 * k, mk + 8 * k));
    }
    // Three divisions in double, each rounded to float32, per half.
    const __m256i kw = permAt(w.count.data() + 8 * b);
    __m128 half[2];
    for (int q = 0; q < 2; q++) {
      __m256d v = _mm256_cvtps_pd(q == 0 ? _mm256_castps256_ps128(acc) : _mm256_extractf128_ps(acc, 1));
      v = _mm256_cvtps_pd(_mm256_cvtpd_ps(_mm256_div_pd(v, dd)));
      v = _mm256_cvtps_pd(_mm256_cvtpd_ps(_mm256_div_pd(v, dh)));
      const __m256d c = _mm256_cvtepi32_pd(q == 0 ? _mm256_castsi256_si128(kw) : _mm256_extracti128_si256(kw, 1));
      half[q] = _mm256_cvtpd_ps(_mm256_div_pd(v, c));
    }
    _mm256_storeu_ps(dst + 8 * b, _mm256_set_m128(half[1], half[0]));
  }
}

}  // namespace

void windowRowArea(const float* const* rows, int64_t nRows, int32_t kd, int32_t kh, float* dst,
                   const WindowTable& w) {
  byWidth(w, [&](auto width) { areaBlocks<decltype(width)::value>(rows, nRows, kd, kh, dst, w); });
  const int64_t taps = w.taps;
  for (int64_t j = 8 * w.blocks; j < w.outLen; j++) {
    float acc = 0.0f;
    for (int64_t r = 0; r < nRows; r++) {
      for (int64_t k = 0; k < w.count[j]; k++) acc = acc + rows[r][w.tailIndex[(j - 8 * w.blocks) * taps + k]];
    }
    float v = static_cast<float>(double(acc) / kd);
    v = static_cast<float>(double(v) / kh);
    dst[j] = static_cast<float>(double(v) / w.count[j]);
  }
}

void windowRow(const float* src, float* dst, const WindowTable& w) {
  byWidth(w, [&](auto width) {
    constexpr int kWidth = decltype(width)::value;
    if (w.taps == 2) {
      windowBlocks<kWidth, 2>(src, dst, w);
    } else if (w.taps == 4) {
      windowBlocks<kWidth, 4>(src, dst, w);
    } else {
      windowBlocks<kWidth, 0>(src, dst, w);
    }
  });
  const int64_t taps = w.taps;
  for (int64_t j = 8 * w.blocks, t = 0; j < w.outLen; j++, t += taps) {
    float acc = src[w.tailIndex[t]] * w.tailWeight[t];
    for (int64_t k = 1; k < taps; k++) acc = acc + src[w.tailIndex[t + k]] * w.tailWeight[t + k];
    dst[j] = acc;
  }
}

void windowRowDouble(const float* const* rows, const float* rowWeights, int64_t nRows, float* dst,
                     const WindowTable& w) {
  byWidth(w, [&](auto width) { windowBlocksDouble<decltype(width)::value>(rows, rowWeights, nRows, dst, w); });
  const int64_t taps = w.taps;
  for (int64_t j = 8 * w.blocks, t = 0; j < w.outLen; j++, t += taps) {
    double acc = 0;
    for (int64_t r = 0; r < nRows; r++) {
      for (int64_t k = 0; k < taps; k++) {
        const float wk = rowWeights[r] * w.tailWeight[t + k];
        acc += double(rows[r][w.tailIndex[t + k]]) * double(wk);
      }
    }
    dst[j] = static_cast<float>(acc);
  }
}

#else

bool windowPassAvailable() { return false; }

void windowRow(const float*, float*, const WindowTable&) {}

void windowRowDouble(const float* const*, const float*, int64_t, float*, const WindowTable&) {}

void windowRowArea(const float* const*, int64_t, int32_t, int32_t, float*, const WindowTable&) {}

#endif

}  // namespace tfjs_interpolate
