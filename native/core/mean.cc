// Mean forward (output sizes 1): PyTorch's cascade sum per plane.
#include <algorithm>
#include <cstdint>

#include "internal.h"

namespace tfjs_interpolate {
namespace {

// PyTorch's cascade sum (see src/plan/cascade_sum.ts), float32 throughout.
int64_t ceilLog2(int64_t v) { return v <= 2 ? 1 : 64 - __builtin_clzll(uint64_t(v - 1)); }

template <typename Row>
void multiRowSum(int64_t rows, int width, const Row& row, float* result) {
  const int64_t level = std::max<int64_t>(4, ceilLog2(rows) / 4);
  const int64_t step = int64_t(1) << level;
  const int64_t mask = step - 1;
  float acc[4][8] = {};
  int64_t i = 0;
  while (i + step <= rows) {
    for (int64_t n = 0; n < step; n++, i++) {
      for (int k = 0; k < width; k++) acc[0][k] = acc[0][k] + row(i, k);
    }
    for (int j = 1; j < 4; j++) {
      for (int k = 0; k < width; k++) {
        acc[j][k] = acc[j][k] + acc[j - 1][k];
        acc[j - 1][k] = 0.0f;
      }
      if ((i & (mask << (j * level))) != 0) break;
    }
  }
  for (; i < rows; i++) {
    for (int k = 0; k < width; k++) acc[0][k] = acc[0][k] + row(i, k);
  }
  for (int j = 1; j < 4; j++) {
    for (int k = 0; k < width; k++) acc[0][k] = acc[0][k] + acc[j][k];
  }
  for (int k = 0; k < width; k++) result[k] = acc[0][k];
}

template <typename Item>
void rowSum(int64_t len, int width, const Item& item, float* result) {
  const int64_t m = len / 4;
  float partial[4][8];
  for (int q = 0; q < 4; q++) {
    multiRowSum(m, width, [&](int64_t r, int k) { return item(4 * r + q, k); }, partial[q]);
  }
  for (int64_t i = 4 * m; i < len; i++) {
    for (int k = 0; k < width; k++) partial[0][k] = partial[0][k] + item(i, k);
  }
  for (int q = 1; q < 4; q++) {
    for (int k = 0; k < width; k++) partial[0][k] = partial[0][k] + partial[q][k];
  }
  for (int k = 0; k < width; k++) result[k] = partial[0][k];
}

float cascadeSum(const float* x, int64_t n, int64_t stride) {
  float fin = 0.0f;
  if (n >= 8) {
    const int64_t vectors = n / 8;
    float lanes[8];
    rowSum(vectors, 8, [&](int64_t i, int k) { return x[(8 * i + k) * stride]; }, lanes);
    for (int64_t i = 8 * vectors; i < n; i++) fin = fin + x[i * stride];
    for (int k = 0; k < 8; k++) fin = fin + lanes[k];
  } else {
    float one[8];
    rowSum(n, 1, [&](int64_t i, int) { return x[i * stride]; }, one);
    fin = one[0];
  }
  volatile float zero = 0.0f;  // keep `0 + fin` (turns -0 into +0) whatever the optimiser thinks
  return zero + fin;
}

}  // namespace

void meanForward(const ForwardSpec& s, const float* x, float* out) {
  const Geometry& g = s.g;
  const int64_t n = size3(g.in), inner = g.inner;
  const int64_t units = g.outer * inner;
  Pool::instance().run(units, chunksFor(units, n), [&](int64_t b, int64_t e, int) {
    for (int64_t u = b; u < e; u++) {
      const int64_t o = u / inner, c = u % inner;
      const float sum = cascadeSum(x + o * n * inner + c, n, inner);
      out[u] = static_cast<float>(double(sum) / double(n));
    }
  });
}

}  // namespace tfjs_interpolate
