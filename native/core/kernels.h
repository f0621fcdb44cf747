// Plan-driven interpolation kernels (forward and input gradient), bit-identical to the TypeScript
// reference in src/kernels/cpu/{forward,backward}_impl.ts. Every `float` operation below is a
// float32 rounding step of the reference (`Math.fround`); `double` is used exactly where the
// reference computes in plain JS numbers. Must be compiled without -ffast-math and with
// -ffp-contract=off (no fused multiply-add).
//
// Nothing here validates: plan.cc checks every size, length and index first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "sync.h"

namespace tfjs_interpolate {

struct Axis {
  int64_t inSize = 1;
  int64_t outSize = 1;
  int64_t taps = 1;
  const int32_t* index = nullptr;
  const float* weight = nullptr;
  const int32_t* count = nullptr;
  bool identity = true;
};

enum ForwardMethod { kGather = 0, kSeparable = 1, kLinearDouble = 2, kArea = 3, kMean = 4 };
enum BackwardMethod { kCopy = 0, kBackMean = 1, kScatter = 2 };
enum Combine { kAdd = 0, kWeightsFirst = 1, kGradFirst = 2, kDivide = 3 };

struct Geometry {
  int64_t outer = 0;
  int64_t inner = 1;
  int64_t channels = 1;
  int64_t in[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
  Axis axes[3];
};

struct WindowTable;

struct ForwardSpec {
  Geometry g;
  int method = kGather;
  int64_t floatChannels = 0;
  /** The W axis's windowed tables (window_pass.h) when usable on this CPU, else null. */
  const WindowTable* windowW = nullptr;
};

struct BackwardSpec {
  Geometry g;
  int method = kScatter;
  int combine = kAdd;
  int order[3] = {0, 1, 2};
  bool doubleAccumulate = false;
  int64_t floatChannels = 0;
};

/**
 * Gradient tables one plan builds on its first backward call and reuses (type-erased: the
 * structure is private to gather_plan.cc). Owned by the caller's prepared plan. The tables of all
 * plans share one byte budget (gather_plan.cc): past it the least recently used are dropped, and
 * rebuilt when their plan runs again.
 */
struct BackwardCache {
  BackwardCache() = default;
  BackwardCache(const BackwardCache&) = delete;
  BackwardCache& operator=(const BackwardCache&) = delete;
  ~BackwardCache();

  Mutex mutex;
  std::shared_ptr<const void> gather;
  size_t gatherBytes = 0;
};

/** Bytes held by `cache`'s tables. */
size_t cachedBytes(const BackwardCache& cache);

/** Upper bound on the bytes of gradient tables all plans keep between calls. */
constexpr size_t kTableBudgetBytes = size_t(256) << 20;

/** Bytes of gradient tables all plans keep now (for tests and diagnostics). */
size_t cachedTableBytes();

/** Nearest gather of 32-bit elements (float32 or int32 bits). */
void gather32(const ForwardSpec& s, const uint32_t* x, uint32_t* out);
/** Any float forward method; `out` holds outer * prod(out) * inner elements, every one written
 * (it need not be initialised; the same holds for gather32's `out` and backwardFloat's `dx`). */
void forwardFloat(const ForwardSpec& s, const float* x, float* out);
/** Input gradient; `dx` holds outer * prod(in) * inner elements (overwritten). `cache` belongs to
 * the plan `s` was read from (never shared between plans). */
void backwardFloat(const BackwardSpec& s, const float* dy, float* dx, BackwardCache& cache);

}  // namespace tfjs_interpolate
