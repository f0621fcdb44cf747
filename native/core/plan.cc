// Plan hand-off: validation and copies (plan.h).
#include "plan.h"

#include <cmath>
#include <string>

namespace tfjs_interpolate {
namespace {

constexpr int64_t kMaxDim = 2147483647;
/** Largest element count of one buffer or table (2^50: far above any typed array). */
constexpr int64_t kMaxElements = int64_t(1) << 50;

/** Collects the first failure of a sequence of checks. */
struct Check {
  std::string error;
  bool ok() const { return error.empty(); }
  void fail(const std::string& what) {
    if (error.empty()) error = what;
  }

  int64_t mul(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r) || r > kMaxElements) {
      fail("size overflow");
      return 0;
    }
    return r;
  }

  int64_t integer(double v, const char* name, int64_t lo = 0, int64_t hi = kMaxDim) {
    if (!std::isfinite(v) || v != std::floor(v) || v < double(lo) || v > double(hi)) {
      fail(std::string("invalid ") + name);
      return lo;
    }
    return static_cast<int64_t>(v);
  }
};

/**
 * Copies one axis table into `owner` and validates the copy against the expected sizes: lengths,
 * tap counts within `[0, taps]` and every used index within `[0, inSize)`.
 */
Axis readAxis(Check& c, const AxisInput& v, int64_t inSize, int64_t outSize, int a, PreparedPlan& owner) {
  const std::string tag = "axis " + std::to_string(a) + ": ";
  Axis t;
  t.inSize = c.integer(v.inSize, "inSize");
  t.outSize = c.integer(v.outSize, "outSize");
  t.taps = c.integer(v.taps, "taps", 1);
  t.identity = v.identity;
  if (!c.ok()) return t;
  if (t.inSize != inSize || t.outSize != outSize) c.fail(tag + "sizes do not match the plan");
  if (t.identity && inSize != outSize) c.fail(tag + "identity axis changes the size");
  const int64_t n = c.mul(outSize, t.taps);
  if (!c.ok()) return t;
  if ((n > 0 && (v.index == nullptr || v.weight == nullptr)) || (outSize > 0 && v.count == nullptr) ||
      int64_t(v.indexLength) != n ||
      int64_t(v.weightLength) != n || int64_t(v.countLength) != outSize) {
    c.fail(tag + "table lengths do not match outSize * taps");
    return t;
  }
  owner.index[a].assign(v.index, v.index + n);
  owner.weight[a].assign(v.weight, v.weight + n);
  owner.count[a].assign(v.count, v.count + outSize);
  t.index = owner.index[a].data();
  t.weight = owner.weight[a].data();
  t.count = owner.count[a].data();
  for (int64_t j = 0; j < outSize; j++) {
    const int32_t k = t.count[j];
    if (k < 0 || k > t.taps) {
      c.fail(tag + "tap count out of range");
      return t;
    }
    for (int32_t m = 0; m < k; m++) {
      const int32_t i = t.index[j * t.taps + m];
      if (i < 0 || i >= inSize) {
        c.fail(tag + "index out of range");
        return t;
      }
    }
  }
  return t;
}

/** Reads outer/inner/channels, the sizes (ints starting at `p`) and the three tables. */
Geometry readGeometry(Check& c, const double* p, const AxisInput axes[3], PreparedPlan& owner) {
  Geometry g;
  g.outer = c.integer(p[0], "outer");
  g.inner = c.integer(p[1], "inner");
  g.channels = c.integer(p[2], "channels");
  for (int a = 0; a < 3; a++) {
    g.in[a] = c.integer(p[3 + a], "input size");
    g.out[a] = c.integer(p[6 + a], "output size");
  }
  if (g.inner == 1 && g.outer > 0 && g.channels < 1) c.fail("channels must be positive");
  for (int a = 0; a < 3 && c.ok(); a++) g.axes[a] = readAxis(c, axes[a], g.in[a], g.out[a], a, owner);
  if (!c.ok()) return g;
  // Sizes of whole buffers (and of one row's taps, allocated by the kernels) must fit.
  c.mul(c.mul(c.mul(g.outer, g.in[0]), c.mul(g.in[1], g.in[2])), g.inner);
  c.mul(c.mul(c.mul(g.outer, g.out[0]), c.mul(g.out[1], g.out[2])), g.inner);
  c.mul(c.mul(g.axes[0].taps, g.axes[1].taps), c.mul(g.axes[2].taps, g.out[2] + 1));
  return g;
}

int64_t planeElements(const int64_t* s) { return s[0] * s[1] * s[2]; }

void setLengths(PreparedPlan& plan, const Geometry& g) {
  plan.inLen = g.outer * planeElements(g.in) * g.inner;
  plan.outLen = g.outer * planeElements(g.out) * g.inner;
}

template <typename T>
size_t vectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

std::string prepareForward(const double* ints, size_t nInts, const AxisInput axes[3], bool windowed,
                           std::unique_ptr<PreparedPlan>& out) {
  if (nInts != kForwardInts) return "ints has the wrong length";
  Check c;
  auto plan = std::make_unique<PreparedPlan>();
  ForwardSpec& s = plan->f;
  s.method = static_cast<int>(c.integer(ints[0], "forward method", 0, 4));
  s.g = readGeometry(c, ints + 1, axes, *plan);
  s.floatChannels = c.integer(ints[10], "floatChannels");
  if (!c.ok()) return c.error;
  const Geometry& g = s.g;
  if (s.method == kGather) {
    for (int a = 0; a < 3; a++) {
      for (int64_t j = 0; j < g.out[a]; j++) {
        if (g.axes[a].taps != 1 || g.axes[a].count[j] != 1) return "gather tables need one tap";
      }
    }
  }
  if (s.method == kMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) return "mean needs output sizes of 1";
  // Windowed W passes: channels-first rows, channels-last rows of up to 8 channels (more channels
  // already give the plain pass contiguous runs to vectorise), area rows.
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
  if (windowed && windowable && buildWindowTable(g.axes[2], g.inner, use, plan->windowW)) {
    s.windowW = &plan->windowW;
  }
  setLengths(*plan, g);
  out = std::move(plan);
  return "";
}

std::string prepareBackward(const double* ints, size_t nInts, const AxisInput axes[3],
                            std::unique_ptr<PreparedPlan>& out) {
  if (nInts != kBackwardInts) return "ints has the wrong length";
  Check c;
  auto plan = std::make_unique<PreparedPlan>();
  plan->backward = true;
  BackwardSpec& s = plan->b;
  s.method = static_cast<int>(c.integer(ints[0], "backward method", 0, 2));
  s.combine = static_cast<int>(c.integer(ints[1], "combine", 0, 3));
  s.g = readGeometry(c, ints + 2, axes, *plan);
  bool seen[3] = {false, false, false};
  for (int i = 0; i < 3 && c.ok(); i++) {
    s.order[i] = static_cast<int>(c.integer(ints[11 + i], "tapOrder", 0, 2));
    if (seen[s.order[i]]) c.fail("tapOrder is not a permutation");
    seen[s.order[i]] = true;
  }
  s.doubleAccumulate = c.integer(ints[14], "doubleAccumulate", 0, 1) != 0;
  s.floatChannels = c.integer(ints[15], "floatChannels");
  if (!c.ok()) return c.error;
  const Geometry& g = s.g;
  setLengths(*plan, g);
  if (s.method == kCopy && plan->inLen != plan->outLen) return "copy needs equal sizes";
  if (s.method == kBackMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) {
    return "mean needs output sizes of 1";
  }
  out = std::move(plan);
  return "";
}

std::string checkForward(const PreparedPlan& plan, bool int32, size_t xLength, size_t outLength) {
  if (plan.backward) return "not a forward plan";
  if (int32 && plan.f.method != kGather) return "int32 data needs a gather plan";
  if (int64_t(xLength) != plan.inLen) return "x length does not match the plan";
  if (int64_t(outLength) != plan.outLen) return "out length does not match the plan";
  return "";
}

std::string checkBackward(const PreparedPlan& plan, size_t dyLength, size_t dxLength) {
  if (!plan.backward) return "not a backward plan";
  if (int64_t(dyLength) != plan.outLen) return "dy length does not match the plan";
  if (int64_t(dxLength) != plan.inLen) return "dx length does not match the plan";
  return "";
}

void runForward(const PreparedPlan& plan, const float* x, float* out) { forwardFloat(plan.f, x, out); }

void runForwardInt32(const PreparedPlan& plan, const int32_t* x, int32_t* out) {
  gather32(plan.f, reinterpret_cast<const uint32_t*>(x), reinterpret_cast<uint32_t*>(out));
}

void runBackward(PreparedPlan& plan, const float* dy, float* dx) { backwardFloat(plan.b, dy, dx, plan.cache); }

size_t planBytes(const PreparedPlan& plan) {
  size_t n = sizeof(PreparedPlan);
  for (int a = 0; a < 3; a++) n += vectorBytes(plan.index[a]) + vectorBytes(plan.count[a]) + vectorBytes(plan.weight[a]);
  const WindowTable& w = plan.windowW;
  n += vectorBytes(w.base) + vectorBytes(w.perm) + vectorBytes(w.weight) + vectorBytes(w.mask) +
       vectorBytes(w.count) + vectorBytes(w.tailIndex) + vectorBytes(w.tailWeight);
  return n + cachedBytes(plan.cache);
}

}  // namespace tfjs_interpolate
