// WebAssembly entry points (loaded by src/kernels/wasm/module.ts). The module receives a finished
// plan once: `tfi_prepare` copies the tables out of a block the caller wrote, checks every size,
// count and index (the same checks as the addon's prepare), and returns an owned handle. Each run
// then takes pointers into this module's memory and runs synchronously. Bad input returns 0 (or a
// nonzero status) with a message at `tfi_error()`; nothing traps on it.
//
//   tfi_prepare(backward, ints, axes, windowed) -> handle, 0 on error
//     ints (float64): forward  [method, outer, inner, channels, inD, inH, inW, outD, outH, outW, floatChannels]
//                     backward [method, combine, outer, inner, channels, inD, inH, inW, outD, outH, outW,
//                               order0, order1, order2, doubleAccumulate, floatChannels]
//     axes (int32): three times [inSize, outSize, taps, identity, index*, indexLength, weight*,
//                   weightLength, count*, countLength]
//   tfi_forward(handle, x, out, isInt) / tfi_backward(handle, dy, dx) -> 0, or 1 on error
//   tfi_release(handle), tfi_alloc(bytes), tfi_free(p), tfi_error(), tfi_live()
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "../kernels.h"
#include "../window_pass.h"

#define TFI_EXPORT(name) extern "C" __attribute__((export_name(#name), visibility("default")))

namespace tfjs_interpolate {
namespace {

constexpr int64_t kMaxDim = 2147483647;
// wasm32 memory is at most 4 GiB: no buffer the plan implies may reach it.
constexpr int64_t kMaxBytes = int64_t(1) << 32;

std::string lastError;
int32_t liveBlocks = 0;

/** A validated plan with its own copies of the tables. */
struct Prepared {
  bool backward = false;
  ForwardSpec f;
  BackwardSpec b;
  std::vector<int32_t> index[3], count[3];
  std::vector<float> weight[3];
  int64_t inLen = 0, outLen = 0;
  BackwardCache cache;
  WindowTable windowW;
};

// The build has no exceptions: each check returns false after recording its message.
bool fail(const std::string& what) {
  lastError = "tfjs-interpolate wasm: " + what;
  return false;
}

bool mul(int64_t a, int64_t b, int64_t& r) {
  if (__builtin_mul_overflow(a, b, &r) || r > kMaxBytes) return fail("size overflow");
  return true;
}

template <typename T>
bool toInt(double v, const char* name, T& r, int64_t lo = 0, int64_t hi = kMaxDim) {
  if (!std::isfinite(v) || v != std::floor(v) || v < double(lo) || v > double(hi)) {
    return fail(std::string("invalid ") + name);
  }
  r = static_cast<T>(v);
  return true;
}

/** One axis header (see the top of the file). */
bool readAxis(const int32_t* h, int64_t inSize, int64_t outSize, int a, Prepared& owner, Axis& t) {
  const std::string tag = "axis " + std::to_string(a) + ": ";
  if (!toInt(h[0], "inSize", t.inSize) || !toInt(h[1], "outSize", t.outSize) ||
      !toInt(h[2], "taps", t.taps, 1)) {
    return false;
  }
  t.identity = h[3] != 0;
  if (t.inSize != inSize || t.outSize != outSize) return fail(tag + "sizes do not match the plan");
  if (t.identity && inSize != outSize) return fail(tag + "identity axis changes the size");
  int64_t n = 0;
  if (!mul(outSize, t.taps, n)) return false;
  const auto* index = reinterpret_cast<const int32_t*>(uintptr_t(uint32_t(h[4])));
  const auto* weight = reinterpret_cast<const float*>(uintptr_t(uint32_t(h[6])));
  const auto* count = reinterpret_cast<const int32_t*>(uintptr_t(uint32_t(h[8])));
  if (h[5] != n || h[7] != n || h[9] != outSize) return fail(tag + "table lengths do not match outSize * taps");
  owner.index[a].assign(index, index + n);
  owner.weight[a].assign(weight, weight + n);
  owner.count[a].assign(count, count + outSize);
  t.index = owner.index[a].data();
  t.weight = owner.weight[a].data();
  t.count = owner.count[a].data();
  for (int64_t j = 0; j < outSize; j++) {
    const int32_t c = t.count[j];
    if (c < 0 || c > t.taps) return fail(tag + "tap count out of range");
    for (int32_t k = 0; k < c; k++) {
      const int32_t i = t.index[j * t.taps + k];
      if (i < 0 || i >= inSize) return fail(tag + "index out of range");
    }
  }
  return true;
}

int64_t planeElements(const int64_t* s) { return s[0] * s[1] * s[2]; }

/** Whether a buffer of outer * dims * inner float32 elements fits in memory. */
bool fits(int64_t outer, const int64_t* dims, int64_t inner) {
  int64_t a = 0, b = 0, c = 0, d = 0;
  return mul(outer, dims[0], a) && mul(dims[1], dims[2], b) && mul(a, b, c) && mul(c, inner * 4, d);
}

bool readGeometry(const double* p, const int32_t* axes, Prepared& owner, Geometry& g) {
  if (!toInt(p[0], "outer", g.outer) || !toInt(p[1], "inner", g.inner) || !toInt(p[2], "channels", g.channels)) {
    return false;
  }
  for (int a = 0; a < 3; a++) {
    if (!toInt(p[3 + a], "input size", g.in[a]) || !toInt(p[6 + a], "output size", g.out[a])) return false;
  }
  if (g.inner == 1 && g.outer > 0 && g.channels < 1) return fail("channels must be positive");
  for (int a = 0; a < 3; a++) {
    if (!readAxis(axes + 10 * a, g.in[a], g.out[a], a, owner, g.axes[a])) return false;
  }
  // One row's taps (allocated by the kernels) must fit too.
  int64_t t0 = 0, t1 = 0, t2 = 0;
  if (!fits(g.outer, g.in, g.inner) || !fits(g.outer, g.out, g.inner) ||
      !mul(g.axes[0].taps, g.axes[1].taps, t0) || !mul(g.axes[2].taps, g.out[2] + 1, t1) || !mul(t0, t1, t2)) {
    return false;
  }
  owner.inLen = g.outer * planeElements(g.in) * g.inner;
  owner.outLen = g.outer * planeElements(g.out) * g.inner;
  return true;
}

bool prepareForward(const double* p, const int32_t* axes, bool windowed, Prepared& plan) {
  ForwardSpec& s = plan.f;
  if (!toInt(p[0], "forward method", s.method, 0, 4) || !readGeometry(p + 1, axes, plan, s.g) ||
      !toInt(p[10], "floatChannels", s.floatChannels)) {
    return false;
  }
  const Geometry& g = s.g;
  if (s.method == kGather) {
    for (int a = 0; a < 3; a++) {
      for (int64_t j = 0; j < g.out[a]; j++) {
        if (g.axes[a].taps != 1 || g.axes[a].count[j] != 1) return fail("gather tables need one tap");
      }
    }
  }
  if (s.method == kMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) {
    return fail("mean needs output sizes of 1");
  }
  bool windowable = false;
  WindowUse use = kWindowLinear;
  if (s.method == kSeparable) {
    windowable = g.inner <= 8 && !g.axes[2].identity;
  } else if (s.method == kLinearDouble) {
    windowable = g.inner == 1 && !g.axes[2].identity;
  } else if (s.method == kArea) {
    windowable = g.inner == 1;
    use = kWindowArea;
  }
  if (windowed && windowable && windowPassAvailable() && buildWindowTable(g.axes[2], g.inner, use, plan.windowW)) {
    s.windowW = &plan.windowW;
  }
  return true;
}

bool prepareBackward(const double* p, const int32_t* axes, Prepared& plan) {
  plan.backward = true;
  BackwardSpec& s = plan.b;
  int64_t doubleAccumulate = 0;
  if (!toInt(p[0], "backward method", s.method, 0, 2) || !toInt(p[1], "combine", s.combine, 0, 3) ||
      !readGeometry(p + 2, axes, plan, s.g)) {
    return false;
  }
  bool seen[3] = {false, false, false};
  for (int i = 0; i < 3; i++) {
    if (!toInt(p[11 + i], "tapOrder", s.order[i], 0, 2)) return false;
    if (seen[s.order[i]]) return fail("tapOrder is not a permutation");
    seen[s.order[i]] = true;
  }
  if (!toInt(p[14], "doubleAccumulate", doubleAccumulate, 0, 1) || !toInt(p[15], "floatChannels", s.floatChannels)) {
    return false;
  }
  s.doubleAccumulate = doubleAccumulate != 0;
  const Geometry& g = s.g;
  if (s.method == kCopy && plan.inLen != plan.outLen) return fail("copy needs equal sizes");
  if (s.method == kBackMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) {
    return fail("mean needs output sizes of 1");
  }
  return true;
}

}  // namespace
}  // namespace tfjs_interpolate

using tfjs_interpolate::Prepared;

TFI_EXPORT(tfi_alloc) void* tfiAlloc(uint32_t bytes) {
  void* p = std::aligned_alloc(16, (size_t(bytes) + 15) & ~size_t(15));
  if (p != nullptr) tfjs_interpolate::liveBlocks++;
  return p;
}

TFI_EXPORT(tfi_free) void tfiFree(void* p) {
  if (p == nullptr) return;
  tfjs_interpolate::liveBlocks--;
  std::free(p);
}

/** Blocks from tfi_alloc not yet freed plus prepared plans not yet released (leak checks). */
TFI_EXPORT(tfi_live) int32_t tfiLive() { return tfjs_interpolate::liveBlocks; }

TFI_EXPORT(tfi_error) const char* tfiError() { return tfjs_interpolate::lastError.c_str(); }

TFI_EXPORT(tfi_prepare) Prepared* tfiPrepare(int32_t backward, const double* ints, const int32_t* axes,
                                              int32_t windowed) {
  using namespace tfjs_interpolate;
  lastError.clear();
  auto plan = std::make_unique<Prepared>();
  const bool ok = backward != 0 ? prepareBackward(ints, axes, *plan) : prepareForward(ints, axes, windowed != 0, *plan);
  if (!ok) return nullptr;
  liveBlocks++;
  return plan.release();
}

TFI_EXPORT(tfi_release) void tfiRelease(Prepared* plan) {
  if (plan == nullptr) return;
  tfjs_interpolate::liveBlocks--;
  delete plan;
}

/** Element counts of a plan's input and output, by which the caller sizes its buffers. */
TFI_EXPORT(tfi_in_length) double tfiInLength(const Prepared* plan) { return double(plan->inLen); }
TFI_EXPORT(tfi_out_length) double tfiOutLength(const Prepared* plan) { return double(plan->outLen); }

/** Forward of `plan`: `x` and `out` hold its input and output elements (int32 when `isInt`). */
TFI_EXPORT(tfi_forward) int32_t tfiForward(const Prepared* plan, const void* x, void* out, int32_t isInt) {
  using namespace tfjs_interpolate;
  if (plan == nullptr || plan->backward) {
    fail("not a forward plan");
    return 1;
  }
  if (isInt != 0) {
    if (plan->f.method != kGather) {
      fail("int32 data needs a gather plan");
      return 1;
    }
    gather32(plan->f, static_cast<const uint32_t*>(x), static_cast<uint32_t*>(out));
  } else {
    forwardFloat(plan->f, static_cast<const float*>(x), static_cast<float*>(out));
  }
  return 0;
}

/** Input gradient of `plan` for `dy` into `dx`. */
TFI_EXPORT(tfi_backward) int32_t tfiBackward(Prepared* plan, const float* dy, float* dx) {
  using namespace tfjs_interpolate;
  if (plan == nullptr || !plan->backward) {
    fail("not a backward plan");
    return 1;
  }
  backwardFloat(plan->b, dy, dx, plan->cache);
  return 0;
}
