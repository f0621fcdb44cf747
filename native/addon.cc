// N-API entry points. The addon receives a finished plan (typed arrays and integers, never user
// options) once: `prepareForward`/`prepareBackward` check every size, length and index range, copy
// the tables and return an opaque handle (a type-tagged object that owns the copies and the
// gradient's derived tables). Each call then checks only its buffers' lengths against the handle
// and runs the kernels synchronously; a mismatch throws a JS error instead of reading or writing
// out of bounds.
//
//   prepareForward(ints: Float64Array, axes: AxisTable[3], windowed = true) -> handle
//     windowed: use the windowed W pass (window_pass.h) where the CPU and the table allow
//     ints = [method, outer, inner, channels, inD, inH, inW, outD, outH, outW, floatChannels]
//   prepareBackward(ints: Float64Array, axes: AxisTable[3]) -> handle
//     ints = [method, combine, outer, inner, channels, inD, inH, inW, outD, outH, outW,
//             order0, order1, order2, doubleAccumulate, floatChannels]
//   forward(handle, x: Float32Array|Int32Array, out: same type)
//   backward(handle, dy: Float32Array, dx: Float32Array)
//   allocate(bytes) -> ArrayBuffer of recycled, uninitialised memory for outputs (output_pool.h);
//     absent where V8's sandbox forbids buffers on outside memory (Electron)
//   AxisTable = {inSize, outSize, taps, index: Int32Array, weight: Float32Array, count: Int32Array,
//                identity: boolean}
#include <napi.h>
#include <v8.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "kernels.h"
#include "output_pool.h"
#include "thread_pool.h"
#include "window_pass.h"

namespace tfjs_interpolate {
namespace {

constexpr int64_t kMaxDim = 2147483647;

// Marks the objects `prepare*` returns, so a handle from anywhere else is refused.
const napi_type_tag kPlanTag = {0x74666a73696e7465ULL, 0x72706f6c61746531ULL};

/** A validated plan with its own copies of the tables (later edits of the JS arrays cannot reach
 * the kernels). Lives as long as the JS handle object. */
struct PreparedPlan {
  bool backward = false;
  ForwardSpec f;
  BackwardSpec b;
  std::vector<int32_t> index[3], count[3];
  std::vector<float> weight[3];
  int64_t inLen = 0, outLen = 0;
  BackwardCache cache;
  WindowTable windowW;
};

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
 * Copies one axis table into `owner` and validates the copy against the expected sizes: lengths,
 * tap counts within `[0, taps]` and every used index within `[0, inSize)`.
 */
Axis readAxis(Napi::Env env, const AxisValues& v, int64_t inSize, int64_t outSize, int a,
              PreparedPlan& owner) {
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
  owner.index[a].assign(index.Data(), index.Data() + n);
  owner.weight[a].assign(weight.Data(), weight.Data() + n);
  owner.count[a].assign(count.Data(), count.Data() + outSize);
  t.index = owner.index[a].data();
  t.weight = owner.weight[a].data();
  t.count = owner.count[a].data();
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
Geometry readGeometry(Napi::Env env, const double* p, Napi::Value axesValue, PreparedPlan& owner) {
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
  for (int a = 0; a < 3; a++) g.axes[a] = readAxis(env, values[a], g.in[a], g.out[a], a, owner);
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

void setLengths(PreparedPlan& plan, const Geometry& g) {
  plan.inLen = g.outer * planeElements(g.in) * g.inner;
  plan.outLen = g.outer * planeElements(g.out) * g.inner;
}

/** Wraps `plan` (owned from here on) in a fresh type-tagged object. */
Napi::Value wrapPlan(Napi::Env env, std::unique_ptr<PreparedPlan> plan) {
  Napi::Object handle = Napi::Object::New(env);
  handle.TypeTag(&kPlanTag);
  napi_status status = napi_wrap(
      env, handle, plan.get(),
      [](napi_env, void* data, void*) { delete static_cast<PreparedPlan*>(data); }, nullptr, nullptr);
  if (status != napi_ok) throw Napi::Error::New(env);
  plan.release();
  return handle;
}

/** The prepared plan behind `v`, which must be one of ours of the given kind. */
PreparedPlan& unwrapPlan(Napi::Env env, Napi::Value v, bool backward) {
  if (!v.IsObject() || !v.As<Napi::Object>().CheckTypeTag(&kPlanTag)) {
    throw Napi::TypeError::New(env, "tfjs-interpolate native: not a prepared plan");
  }
  void* data = nullptr;
  if (napi_unwrap(env, v, &data) != napi_ok || data == nullptr) {
    throw Napi::TypeError::New(env, "tfjs-interpolate native: not a prepared plan");
  }
  PreparedPlan& plan = *static_cast<PreparedPlan*>(data);
  if (plan.backward != backward) {
    throw Napi::TypeError::New(env, std::string("tfjs-interpolate native: not a ") +
                                        (backward ? "backward" : "forward") + " plan");
  }
  return plan;
}

Napi::Value PrepareForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 && info.Length() != 3) {
    throw Napi::TypeError::New(env, "tfjs-interpolate native: prepareForward takes 2 or 3 arguments");
  }
  if (info.Length() == 3 && !info[2].IsBoolean()) {
    throw Napi::TypeError::New(env, "tfjs-interpolate native: prepareForward's third argument must be a boolean");
  }
  // Windowed W passes where the CPU and the table allow (the default); false keeps the portable
  // passes, so tests can compare the two.
  const bool windowed = info.Length() < 3 || info[2].As<Napi::Boolean>().Value();
  const double* p = readInts(env, info[0], 11);
  auto plan = std::make_unique<PreparedPlan>();
  ForwardSpec& s = plan->f;
  s.method = static_cast<int>(toInt(env, p[0], "forward method", 0, 4));
  s.g = readGeometry(env, p + 1, info[1], *plan);
  s.floatChannels = toInt(env, p[10], "floatChannels");
  const Geometry& g = s.g;
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
  // Windowed W passes: channels-first rows, channels-last rows of up to 8 channels (more channels
  // already give the portable pass contiguous runs to vectorise), area rows.
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
  if (windowed && windowable && windowPassAvailable() && buildWindowTable(g.axes[2], g.inner, use, plan->windowW)) {
    s.windowW = &plan->windowW;
  }
  setLengths(*plan, g);
  return wrapPlan(env, std::move(plan));
}

Napi::Value PrepareBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2) {
    throw Napi::TypeError::New(env, "tfjs-interpolate native: prepareBackward takes 2 arguments");
  }
  const double* p = readInts(env, info[0], 16);
  auto plan = std::make_unique<PreparedPlan>();
  plan->backward = true;
  BackwardSpec& s = plan->b;
  s.method = static_cast<int>(toInt(env, p[0], "backward method", 0, 2));
  s.combine = static_cast<int>(toInt(env, p[1], "combine", 0, 3));
  s.g = readGeometry(env, p + 2, info[1], *plan);
  bool seen[3] = {false, false, false};
  for (int i = 0; i < 3; i++) {
    s.order[i] = static_cast<int>(toInt(env, p[11 + i], "tapOrder", 0, 2));
    if (seen[s.order[i]]) fail(env, "tapOrder is not a permutation");
    seen[s.order[i]] = true;
  }
  s.doubleAccumulate = toInt(env, p[14], "doubleAccumulate", 0, 1) != 0;
  s.floatChannels = toInt(env, p[15], "floatChannels");
  const Geometry& g = s.g;
  setLengths(*plan, g);
  if (s.method == kCopy && plan->inLen != plan->outLen) fail(env, "copy needs equal sizes");
  if (s.method == kBackMean && (g.out[0] != 1 || g.out[1] != 1 || g.out[2] != 1)) {
    fail(env, "mean needs output sizes of 1");
  }
  return wrapPlan(env, std::move(plan));
}

Napi::Value Forward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3) throw Napi::TypeError::New(env, "tfjs-interpolate native: forward takes 3 arguments");
  const PreparedPlan& plan = unwrapPlan(env, info[0], false);
  const ForwardSpec& s = plan.f;
  const bool isInt = info[1].IsTypedArray() &&
                     info[1].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array;
  try {
    if (isInt) {
      if (s.method != kGather) fail(env, "int32 data needs a gather plan");
      Napi::Int32Array x = typed<int32_t>(env, info[1], napi_int32_array, "x");
      Napi::Int32Array out = typed<int32_t>(env, info[2], napi_int32_array, "out");
      checkLength(env, x.ElementLength(), plan.inLen, "x");
      checkLength(env, out.ElementLength(), plan.outLen, "out");
      gather32(s, reinterpret_cast<const uint32_t*>(x.Data()), reinterpret_cast<uint32_t*>(out.Data()));
    } else {
      Napi::Float32Array x = typed<float>(env, info[1], napi_float32_array, "x");
      Napi::Float32Array out = typed<float>(env, info[2], napi_float32_array, "out");
      checkLength(env, x.ElementLength(), plan.inLen, "x");
      checkLength(env, out.ElementLength(), plan.outLen, "out");
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
  if (info.Length() != 3) throw Napi::TypeError::New(env, "tfjs-interpolate native: backward takes 3 arguments");
  PreparedPlan& plan = unwrapPlan(env, info[0], true);
  Napi::Float32Array dy = typed<float>(env, info[1], napi_float32_array, "dy");
  Napi::Float32Array dx = typed<float>(env, info[2], napi_float32_array, "dx");
  checkLength(env, dy.ElementLength(), plan.outLen, "dy");
  checkLength(env, dx.ElementLength(), plan.inLen, "dx");
  try {
    backwardFloat(plan.b, dy.Data(), dx.Data(), plan.cache);
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("tfjs-interpolate native: ") + e.what());
  }
  return env.Undefined();
}

#if !defined(V8_ENABLE_SANDBOX)
/**
 * allocate(bytes): through V8's own API rather than N-API, whose finalizers for outside memory only
 * run once the event loop turns (a synchronous loop would pile up outputs until then); a backing
 * store's deleter runs as soon as V8 frees the array, and V8 counts the bytes like its own.
 */
void Allocate(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto raise = [&](const char* what) {
    isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8(isolate, what).ToLocalChecked()));
  };
  if (info.Length() != 1 || !info[0]->IsNumber()) return raise("tfjs-interpolate native: allocate(bytes)");
  const double v = info[0].As<v8::Number>()->Value();
  if (!(v >= 0 && v <= double(int64_t(1) << 48) && v == std::floor(v))) {
    return raise("tfjs-interpolate native: invalid byte count");
  }
  const size_t bytes = static_cast<size_t>(v);
  // A one-byte array from V8's own allocator first: that path checks how much outside memory young
  // arrays hold and, past V8's threshold, runs a young-generation collection, which frees disposed
  // outputs cheaply and often. Arrays on our memory skip that check, and without it V8 waits for a
  // full mark-compact, collecting rarely and at several times the cost.
  v8::ArrayBuffer::New(isolate, 1);
  void* block;
  try {
    block = takeBlock(bytes);
  } catch (const std::bad_alloc&) {
    return raise("tfjs-interpolate native: out of memory");
  }
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      block, bytes, [](void* data, size_t length, void*) { giveBlock(data, length); }, nullptr);
  info.GetReturnValue().Set(v8::ArrayBuffer::New(isolate, std::move(store)));
}

/** The V8 function as an N-API value (Node's napi_value is the V8 handle's slot pointer). */
Napi::Value v8Function(Napi::Env env, v8::FunctionCallback callback) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::Function> fn = v8::Function::New(isolate->GetCurrentContext(), callback).ToLocalChecked();
  napi_value value;
  static_assert(sizeof(fn) == sizeof(value), "a V8 handle is one pointer");
  std::memcpy(static_cast<void*>(&value), static_cast<const void*>(&fn), sizeof value);
  return Napi::Value(env, value);
}
#endif

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("prepareForward", Napi::Function::New(env, PrepareForward, "prepareForward"));
  exports.Set("prepareBackward", Napi::Function::New(env, PrepareBackward, "prepareBackward"));
  exports.Set("forward", Napi::Function::New(env, Forward, "forward"));
  exports.Set("backward", Napi::Function::New(env, Backward, "backward"));
  exports.Set("threads", Napi::Number::New(env, Pool::instance().size()));
#if !defined(V8_ENABLE_SANDBOX)
  exports.Set("allocate", v8Function(env, Allocate));
#endif
  return exports;
}

}  // namespace
}  // namespace tfjs_interpolate

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return tfjs_interpolate::Init(env, exports);
}

NODE_API_MODULE(tfjs_interpolate, InitModule)
