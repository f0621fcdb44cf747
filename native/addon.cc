// N-API entry points. The addon receives a finished plan (typed arrays and integers, never user
// options), re-checks every size, length and index range against it, and throws a JS error instead
// of reading or writing out of bounds. Then it runs the kernels synchronously.
//
//   forward(ints: Float64Array, axes: AxisTable[3], x: Float32Array|Int32Array, out: same type)
//     ints = [method, outer, inner, channels, inD, inH, inW, outD, outH, outW, floatChannels]
//   backward(ints: Float64Array, axes: AxisTable[3], dy: Float32Array, dx: Float32Array)
//     ints = [method, combine, outer, inner, channels, inD, inH, inW, outD, outH, outW,
//             order0, order1, order2, doubleAccumulate, floatChannels]
//   AxisTable = {inSize, outSize, taps, index: Int32Array, weight: Float32Array, count: Int32Array,
//                identity: boolean}
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <string>

#include "kernels.h"
#include "thread_pool.h"

namespace tfjs_interpolate {
namespace {

constexpr int64_t kMaxDim = 2147483647;

[[noreturn]] void fail(Napi::Env env, const std::string& what) {
  throw Napi::RangeError::New(env, "tfjs-interpolate native: " + what);
}

int64_t checkedMul(Napi::Env env, int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r) || r > (int64_t(1) << 50)) fail(env, "size overflow");
  return r;
}

int64_t toInt(Napi::Env env, double v, const char* name, int64_t lo = 0, int64_t hi = kMaxDim) {
  if (!std::isfinite(v) || v != std::floor(v) || v < double(lo) || v > double(hi)) {
    fail(env, std::string("invalid ") + name);
  }
  return static_cast<int64_t>(v);
}

template <typename T>
Napi::TypedArrayOf<T> typed(Napi::Env env, Napi::Value v, napi_typedarray_type type,
                            const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(env, std::string("tfjs-interpolate native: ") + name +
                                        " has the wrong type");
  }
  return v.As<Napi::TypedArrayOf<T>>();
}

/** Reads the `ints` array: exactly `n` entries. */
const double* readInts(Napi::Env env, Napi::Value v, size_t n) {
  Napi::Float64Array a = typed<double>(env, v, napi_float64_array, "ints");
  if (a.ElementLength() != n) fail(env, "ints has the wrong length");
  return a.Data();
}

/** The properties of one axis table, all fetched before any pointer is taken (a getter could
 * otherwise detach a buffer already read). */
struct AxisValues {
  Napi::Value inSize, outSize, taps, identity, index, weight, count;
};

AxisValues fetchAxis(Napi::Env env, Napi::Value v) {
  if (!v.IsObject()) fail(env, "axis table is not an object");
  Napi::Object o = v.As<Napi::Object>();
  return {o.Get("inSize"), o.Get("outSize"), o.Get("taps"), o.Get("identity"),
          o.Get("index"), o.Get("weight"), o.Get("count")};
}

double number(Napi::Env env, Napi::Value v, const char* name) {
  if (!v.IsNumber()) fail(env, std::string(name) + " is not a number");
  return v.As<Napi::Number>().DoubleValue();
}

/**
 * Validates one axis table against the expected sizes: lengths, tap counts within `[0, taps]` and
 * every used index within `[0, inSize)`.
 */
Axis readAxis(Napi::Env env, const AxisValues& v, int64_t inSize, int64_t outSize, int a) {
  const std::string tag = "axis " + std::to_string(a) + ": ";
  Axis t;
  t.inSize = toInt(env, number(env, v.inSize, "inSize"), "inSize");
  t.outSize = toInt(env, number(env, v.outSize, "outSize"), "outSize");
  t.taps = toInt(env, number(env, v.taps, "taps"), "taps", 1);
  if (!v.identity.IsBoolean()) fail(env, tag + "identity is not a boolean");
  t.identity = v.identity.As<Napi::Boolean>().Value();
  if (t.inSize != inSize || t.outSize != outSize) fail(env, tag + "sizes do not match the plan");
  if (t.identity && (inSize != outSize)) fail(env, tag + "identity axis changes the size");
  Napi::Int32Array index = typed<int32_t>(env, v.index, napi_int32_array, "index");
  Napi::Float32Array weight = typed<float>(env, v.weight, napi_float32_array, "weight");
  Napi::Int32Array count = typed<int32_t>(env, v.count, napi_int32_array, "count");
  const int64_t n = checkedMul(env, outSize, t.taps);
  if (int64_t(index.ElementLength()) != n || int64_t(weight.ElementLength()) != n ||
      int64_t(count.ElementLength()) != outSize) {
    fail(env, tag + "table lengths do not match outSize * taps");
  }
  t.index = index.Data();
  t.weight = weight.Data();
  t.count = count.Data();
  for (int64_t j = 0; j < outSize; j++) {
    const int32_t c = t.count[j];
    if (c < 0 || c > t.taps) fail(env, tag + "tap count out of range");
    for (int32_t k = 0; k < c; k++) {
      const int32_t i = t.index[j * t.taps + k];
      if (i < 0 || i >= inSize) fail(env, tag + "index out of range");
    }
  }
  return t;
}

/** Reads outer/inner/channels, the sizes and the three tables (ints starting at `p`). */
Geometry readGeometry(Napi::Env env, const double* p, Napi::Value axesValue) {
  Geometry g;
  g.outer = toInt(env, p[0], "outer");
  g.inner = toInt(env, p[1], "inner");
  g.channels = toInt(env, p[2], "channels");
  for (int a = 0; a < 3; a++) {
    g.in[a] = toInt(env, p[3 + a], "input size");
    g.out[a] = toInt(env, p[6 + a], "output size");
  }
  if (g.inner == 1 && g.outer > 0 && g.channels < 1) fail(env, "channels must be positive");
  if (!axesValue.IsArray()) fail(env, "axes is not an array");
  Napi::Array axes = axesValue.As<Napi::Array>();
  if (axes.Length() != 3) fail(env, "axes must hold three tables");
  AxisValues values[3];
  for (int a = 0; a < 3; a++) values[a] = fetchAxis(env, axes.Get(uint32_t(a)));
  for (int a = 0; a < 3; a++) g.axes[a] = readAxis(env, values[a], g.in[a], g.out[a], a);
  // Sizes of whole buffers (and of one row's taps, allocated by the kernels) must fit.
  checkedMul(env, checkedMul(env, checkedMul(env, g.outer, g.in[0] * 1), checkedMul(env, g.in[1], g.in[2])), g.inner);
  checkedMul(env, checkedMul(env, checkedMul(env, g.outer, g.out[0] * 1), checkedMul(env, g.out[1], g.out[2])), g.inner);
  checkedMul(env, checkedMul(env, g.axes[0].taps, g.axes[1].taps), checkedMul(env, g.axes[2].taps, g.out[2] + 1));
  return g;
}

int64_t planeElements(const int64_t* s) { return s[0] * s[1] * s[2]; }

void checkLength(Napi::Env env, size_t have, int64_t want, const char* name) {
  if (int64_t(have) != want) fail(env, std::string(name) + " length does not match the plan");
}

Napi::Value Forward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4) throw Napi::TypeError::New(env, "tfjs-interpolate native: forward takes 4 arguments");
  const double* p = readInts(env, info[0], 11);
  ForwardSpec s;
  s.method = static_cast<int>(toInt(env, p[0], "forward method", 0, 4));
  s.g = readGeometry(env, p + 1, info[1]);
  s.floatChannels = toInt(env, p[10], "floatChannels");
  const Geometry& g = s.g;
  const int64_t inLen = g.outer * planeElements(g.in) * g.inner;
  const int64_t outLen = g.outer * planeElements(g.out) * g.inner;
  if (s.method == kGather) {
    for (int a = 0; a < 3; a++) {
      for (int64_t j = 0; j < g.out[a]; j++) {
        if (g.axes[a].taps != 1 || g.axes[a].count[j] != 1) fail(env, "gather tables need one tap");
      }
    }
  }
  if (s.method == kMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) {
    fail(env, "mean needs output sizes of 1");
  }
  const bool isInt = info[2].IsTypedArray() &&
                     info[2].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array;
  try {
    if (isInt) {
      if (s.method != kGather) fail(env, "int32 data needs a gather plan");
      Napi::Int32Array x = typed<int32_t>(env, info[2], napi_int32_array, "x");
      Napi::Int32Array out = typed<int32_t>(env, info[3], napi_int32_array, "out");
      checkLength(env, x.ElementLength(), inLen, "x");
      checkLength(env, out.ElementLength(), outLen, "out");
      gather32(s, reinterpret_cast<const uint32_t*>(x.Data()), reinterpret_cast<uint32_t*>(out.Data()));
    } else {
      Napi::Float32Array x = typed<float>(env, info[2], napi_float32_array, "x");
      Napi::Float32Array out = typed<float>(env, info[3], napi_float32_array, "out");
      checkLength(env, x.ElementLength(), inLen, "x");
      checkLength(env, out.ElementLength(), outLen, "out");
      forwardFloat(s, x.Data(), out.Data());
    }
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tfjs-interpolate native: ") + e.what());
  }
  return env.Undefined();
}

Napi::Value Backward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4) throw Napi::TypeError::New(env, "tfjs-interpolate native: backward takes 4 arguments");
  const double* p = readInts(env, info[0], 16);
  BackwardSpec s;
  s.method = static_cast<int>(toInt(env, p[0], "backward method", 0, 2));
  s.combine = static_cast<int>(toInt(env, p[1], "combine", 0, 3));
  s.g = readGeometry(env, p + 2, info[1]);
  bool seen[3] = {false, false, false};
  for (int i = 0; i < 3; i++) {
    s.order[i] = static_cast<int>(toInt(env, p[11 + i], "tapOrder", 0, 2));
    if (seen[s.order[i]]) fail(env, "tapOrder is not a permutation");
    seen[s.order[i]] = true;
  }
  s.doubleAccumulate = toInt(env, p[14], "doubleAccumulate", 0, 1) != 0;
  s.floatChannels = toInt(env, p[15], "floatChannels");
  const Geometry& g = s.g;
  const int64_t inLen = g.outer * planeElements(g.in) * g.inner;
  const int64_t outLen = g.outer * planeElements(g.out) * g.inner;
  if (s.method == kCopy && inLen != outLen) fail(env, "copy needs equal sizes");
  if (s.method == kBackMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) {
    fail(env, "mean needs output sizes of 1");
  }
  Napi::Float32Array dy = typed<float>(env, info[2], napi_float32_array, "dy");
  Napi::Float32Array dx = typed<float>(env, info[3], napi_float32_array, "dx");
  checkLength(env, dy.ElementLength(), outLen, "dy");
  checkLength(env, dx.ElementLength(), inLen, "dx");
  try {
    backwardFloat(s, dy.Data(), dx.Data());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tfjs-interpolate native: ") + e.what());
  }
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("forward", Napi::Function::New(env, Forward, "forward"));
  exports.Set("backward", Napi::Function::New(env, Backward, "backward"));
  exports.Set("threads", Napi::Number::New(env, Pool::instance().size()));
  return exports;
}

}  // namespace
}  // namespace tfjs_interpolate

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return tfjs_interpolate::Init(env, exports);
}

NODE_API_MODULE(tfjs_interpolate, InitModule)
