// The W pass without transposes or per-element gathers: eight outputs at a time from a window of
// eight or sixteen consecutive inputs, each tap's eight values picked out of the window (a lane
// permutation with AVX2, element loads in the portable form; simd.h). A row of `inner`
// interleaved channels (channels-last, few channels) is the
// same problem on a row of inSize * inner floats: output element (ow, c) reads input elements
// index(ow) * inner + c. Every output lane computes exactly the reference's float32 operations
// (acc = x0*w0; acc = acc + xk*wk), so results are bit-identical to the scalar pass.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels.h"

namespace tfjs_interpolate {

/**
 * A W axis's tables regrouped for the windowed pass, over output elements j = ow * inner + c. Each
 * block of eight elements reads a window of `width` (8 or 16) consecutive row elements, picked from
 * registers, or (width 0) any elements, gathered.
 */
struct WindowTable {
  int width = 8;
  int64_t taps = 1;
  int64_t outLen = 0;              // output elements of a row: outSize * inner
  int64_t blocks = 0;              // full blocks of eight elements; the rest use the tail tables
  std::vector<int32_t> base;       // per block: first input element of the window
  std::vector<int32_t> perm;       // [block][tap][8]: offset in the window (bit 31: upper half)
  std::vector<float> weight;       // [block][tap][8]
  std::vector<int32_t> mask;       // area: [block][tap][8], -1 for a real tap, 0 past the count
  std::vector<int32_t> count;      // area: per element, its taps
  std::vector<int32_t> tailIndex;  // [element - 8 * blocks][tap]: input element
  std::vector<float> tailWeight;   // [element - 8 * blocks][tap]
};

/** What a windowed table is for: which tables and windows it accepts. */
enum WindowUse {
  kWindowLinear,  // W passes and the double kernel: every output has all taps; inner == 1 needs width 8 or 16
  kWindowArea,    // area rows (inner == 1): tap counts may differ, any width
};

/**
 * Builds the windowed tables of W axis `t` for rows of `inner` interleaved channels into `w`;
 * false when the axis does not suit `use`.
 */
bool buildWindowTable(const Axis& t, int64_t inner, WindowUse use, WindowTable& w);

/** W pass of one row: `src` holds inSize * inner floats, `dst` receives w.outLen. */
void windowRow(const float* src, float* dst, const WindowTable& w);

/**
 * One output row of PyTorch's double-accumulating linear kernel (inner == 1): dst[ow] =
 * f32(sum over source rows r in order, then W taps k, of double(rows[r][index]) *
 * double(f32(rowWeights[r] * weight))), the double sum starting from -0 (so all -0 terms give -0, as in PyTorch).
 */
void windowRowDouble(const float* const* rows, const float* rowWeights, int64_t nRows, float* dst,
                     const WindowTable& w);

/**
 * One output row of adaptive average pooling (inner == 1, a kWindowArea table): dst[ow] =
 * f32(f32(f32(sum / kd) / kh) / count(ow)), divisions in double, where sum is the float32 running
 * sum from +0 over source rows r in order, then the element's window.
 */
void windowRowArea(const float* const* rows, int64_t nRows, int32_t kd, int32_t kh, float* dst,
                   const WindowTable& w);

}  // namespace tfjs_interpolate
