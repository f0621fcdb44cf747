#include "window_pass.h"

#include <algorithm>
#include <limits>

#include "isa.h"
#include "simd.h"

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

namespace {

// The kernels, once per instruction set (see window_kernels.inc).
namespace portable {
using Ops = PortableOps;
#define TFJS_KERNEL TFJS_ALWAYS_INLINE
#define TFJS_ENTRY
#include "window_kernels.inc"
#undef TFJS_KERNEL
#undef TFJS_ENTRY
}  // namespace portable

#ifdef TFJS_AVX2_DISPATCH
namespace avx2 {
using Ops = Avx2Ops;
#define TFJS_KERNEL TFJS_AVX2_FN
#define TFJS_ENTRY TFJS_AVX2_TARGET
#include "window_kernels.inc"
#undef TFJS_KERNEL
#undef TFJS_ENTRY
}  // namespace avx2
#endif

}  // namespace

void windowRowArea(const float* const* rows, int64_t nRows, int32_t kd, int32_t kh, float* dst,
                   const WindowTable& w) {
#ifdef TFJS_AVX2_DISPATCH
  if (useAvx2()) {
    avx2::windowRowAreaBody(rows, nRows, kd, kh, dst, w);
  } else
#endif
  {
    portable::windowRowAreaBody(rows, nRows, kd, kh, dst, w);
  }
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
#ifdef TFJS_AVX2_DISPATCH
  if (useAvx2()) {
    avx2::windowRowBody(src, dst, w);
  } else
#endif
  {
    portable::windowRowBody(src, dst, w);
  }
  const int64_t taps = w.taps;
  for (int64_t j = 8 * w.blocks, t = 0; j < w.outLen; j++, t += taps) {
    float acc = src[w.tailIndex[t]] * w.tailWeight[t];
    for (int64_t k = 1; k < taps; k++) acc = acc + src[w.tailIndex[t + k]] * w.tailWeight[t + k];
    dst[j] = acc;
  }
}

void windowRowDouble(const float* const* rows, const float* rowWeights, int64_t nRows, float* dst,
                     const WindowTable& w) {
#ifdef TFJS_AVX2_DISPATCH
  if (useAvx2()) {
    avx2::windowRowDoubleBody(rows, rowWeights, nRows, dst, w);
  } else
#endif
  {
    portable::windowRowDoubleBody(rows, rowWeights, nRows, dst, w);
  }
  const int64_t taps = w.taps;
  for (int64_t j = 8 * w.blocks, t = 0; j < w.outLen; j++, t += taps) {
    double acc = -0.0;  // as PyTorch's sum from the first term (all -0 terms give -0)
    for (int64_t r = 0; r < nRows; r++) {
      for (int64_t k = 0; k < taps; k++) {
        const float wk = rowWeights[r] * w.tailWeight[t + k];
        acc += double(rows[r][w.tailIndex[t + k]]) * double(wk);
      }
    }
    dst[j] = static_cast<float>(acc);
  }
}

}  // namespace tfjs_interpolate
