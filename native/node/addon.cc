// N-API glue around the core (native/core/plan.h). The addon receives a finished plan (typed
// arrays and integers, never user options) once: `prepareForward`/`prepareBackward` copy it,
// let the core check every size, length and index range, and return an opaque handle (a
// type-tagged object owning the core's PreparedPlan). Each call then checks only its buffers'
// lengths against the handle and runs the kernels synchronously; a mismatch throws a JS error
// instead of reading or writing out of bounds. `release(handle)` frees a plan at once (the
// TypeScript plan cache calls it when a plan leaves the cache); otherwise the handle's finalizer
// frees it after garbage collection.
//
//   prepareForward(ints: Float64Array, axes: AxisTable[3], windowed = true) -> handle
//     windowed: use the windowed W pass (window_pass.h) where the table allows
//   prepareBackward(ints: Float64Array, axes: AxisTable[3]) -> handle
//     ints: see plan.h (kForwardInts, kBackwardInts)
//   forward(handle, x: Float32Array|Int32Array, out: same type)
//   backward(handle, dy: Float32Array, dx: Float32Array)
//   release(handle): frees the plan now; the handle is refused afterwards
//   planBytes(handle) -> bytes the plan holds, derived tables included
//   cachedTableBytes() -> bytes of gradient tables all plans keep (at most kTableBudgetBytes)
//   threads: the pool's size; isa() -> the vector code in use ("avx2", "sse2", ...)
//   allocate(bytes) -> ArrayBuffer of recycled memory for outputs: only in builds with the V8
//     option (v8_output.cc), never where V8's sandbox forbids buffers on outside memory
//   setPortable(on: boolean): forces (true) or stops forcing the portable vector code
//   v8OutputMemory: whether this build has `allocate`
//   _failAllocation(n, onWorkers): test hook, the n-th core allocation from now (counting only
//     pool worker threads' allocations when onWorkers) fails with std::bad_alloc; 0: off
//   AxisTable = {inSize, outSize, taps, index: Int32Array, weight: Float32Array, count: Int32Array,
//                identity: boolean}
//
// TFJS_INTERPOLATE_PORTABLE=1 in the environment (read when the addon loads) forces the portable
// vector code instead of the AVX2 copies.
#include <napi.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "../core/isa.h"
#include "../core/plan.h"
#include "../core/scratch.h"
#include "../core/thread_pool.h"

#ifdef TFJS_V8_OUTPUT_MEMORY
#include "v8_output.h"
#endif

namespace tfjs_interpolate {
namespace {

// Marks the objects `prepare*` returns, so a handle from anywhere else is refused.
const napi_type_tag kPlanTag = {0x74666a73696e7465ULL, 0x72706f6c61746531ULL};

const std::string kPrefix = "tfjs-interpolate native: ";

[[noreturn]] void fail(Napi::Env env, const std::string& what) {
  throw Napi::RangeError::New(env, kPrefix + what);
}

template <typename T>
Napi::TypedArrayOf<T> typed(Napi::Env env, Napi::Value v, napi_typedarray_type type, const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(env, kPrefix + name + " has the wrong type");
  }
  return v.As<Napi::TypedArrayOf<T>>();
}

/** Copies the `ints` array before anything else runs (a property getter run later could detach
 * or shrink its buffer). */
std::vector<double> copyInts(Napi::Env env, Napi::Value v) {
  Napi::Float64Array a = typed<double>(env, v, napi_float64_array, "ints");
  return std::vector<double>(a.Data(), a.Data() + a.ElementLength());
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

/** Views of one axis table's arrays for the core (which copies them). No JS code runs between
 * this and the core's copy. */
AxisInput axisInput(Napi::Env env, const AxisValues& v, int a) {
  AxisInput t;
  t.inSize = number(env, v.inSize, "inSize");
  t.outSize = number(env, v.outSize, "outSize");
  t.taps = number(env, v.taps, "taps");
  if (!v.identity.IsBoolean()) fail(env, "axis " + std::to_string(a) + ": identity is not a boolean");
  t.identity = v.identity.As<Napi::Boolean>().Value();
  Napi::Int32Array index = typed<int32_t>(env, v.index, napi_int32_array, "index");
  Napi::Float32Array weight = typed<float>(env, v.weight, napi_float32_array, "weight");
  Napi::Int32Array count = typed<int32_t>(env, v.count, napi_int32_array, "count");
  t.index = index.Data();
  t.indexLength = index.ElementLength();
  t.weight = weight.Data();
  t.weightLength = weight.ElementLength();
  t.count = count.Data();
  t.countLength = count.ElementLength();
  return t;
}

/** The three axis tables: every property read first, then the views taken. */
void readAxes(Napi::Env env, Napi::Value axesValue, AxisInput out[3]) {
  if (!axesValue.IsArray()) fail(env, "axes is not an array");
  Napi::Array axes = axesValue.As<Napi::Array>();
  if (axes.Length() != 3) fail(env, "axes must hold three tables");
  AxisValues values[3];
  for (int a = 0; a < 3; a++) values[a] = fetchAxis(env, axes.Get(uint32_t(a)));
  for (int a = 0; a < 3; a++) out[a] = axisInput(env, values[a], a);
}

void finalizePlan(napi_env, void* data, void*) { delete static_cast<PreparedPlan*>(data); }

/** Wraps `plan` (owned from here on) in a fresh type-tagged object. */
Napi::Value wrapPlan(Napi::Env env, std::unique_ptr<PreparedPlan> plan) {
  Napi::Object handle = Napi::Object::New(env);
  handle.TypeTag(&kPlanTag);
  if (napi_wrap(env, handle, plan.get(), finalizePlan, nullptr, nullptr) != napi_ok) throw Napi::Error::New(env);
  plan.release();
  return handle;
}

/** The prepared plan behind `v`, which must be one of ours and not released. */
PreparedPlan& unwrapPlan(Napi::Env env, Napi::Value v) {
  if (!v.IsObject() || !v.As<Napi::Object>().CheckTypeTag(&kPlanTag)) {
    throw Napi::TypeError::New(env, kPrefix + "not a prepared plan");
  }
  void* data = nullptr;
  if (napi_unwrap(env, v, &data) != napi_ok || data == nullptr) {
    throw Napi::TypeError::New(env, kPrefix + "not a prepared plan (released?)");
  }
  return *static_cast<PreparedPlan*>(data);
}

/** Runs `body` (a core call), turning C++ exceptions into JS errors. */
template <typename Body>
void guarded(Napi::Env env, const Body& body) {
  try {
    body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::RangeError::New(env, kPrefix + "out of memory (the call's working memory could not be allocated)");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, kPrefix + e.what());
  }
}

Napi::Value PrepareForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 && info.Length() != 3) {
    throw Napi::TypeError::New(env, kPrefix + "prepareForward takes 2 or 3 arguments");
  }
  if (info.Length() == 3 && !info[2].IsBoolean()) {
    throw Napi::TypeError::New(env, kPrefix + "prepareForward's third argument must be a boolean");
  }
  const bool windowed = info.Length() < 3 || info[2].As<Napi::Boolean>().Value();
  const std::vector<double> ints = copyInts(env, info[0]);
  AxisInput axes[3];
  readAxes(env, info[1], axes);
  std::unique_ptr<PreparedPlan> plan;
  std::string error;
  guarded(env, [&] { error = prepareForward(ints.data(), ints.size(), axes, windowed, plan); });
  if (!error.empty()) fail(env, error);
  return wrapPlan(env, std::move(plan));
}

Napi::Value PrepareBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2) throw Napi::TypeError::New(env, kPrefix + "prepareBackward takes 2 arguments");
  const std::vector<double> ints = copyInts(env, info[0]);
  AxisInput axes[3];
  readAxes(env, info[1], axes);
  std::unique_ptr<PreparedPlan> plan;
  std::string error;
  guarded(env, [&] { error = prepareBackward(ints.data(), ints.size(), axes, plan); });
  if (!error.empty()) fail(env, error);
  return wrapPlan(env, std::move(plan));
}

/** Throws the core's check message as a TypeError for a wrong kind of plan, else a RangeError. */
void raiseCheck(Napi::Env env, const std::string& error) {
  if (error.empty()) return;
  if (error.rfind("not a ", 0) == 0) throw Napi::TypeError::New(env, kPrefix + error);
  fail(env, error);
}

Napi::Value Forward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3) throw Napi::TypeError::New(env, kPrefix + "forward takes 3 arguments");
  const PreparedPlan& plan = unwrapPlan(env, info[0]);
  const bool isInt = info[1].IsTypedArray() && info[1].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array;
  if (plan.backward) raiseCheck(env, "not a forward plan");
  if (isInt) {
    Napi::Int32Array x = typed<int32_t>(env, info[1], napi_int32_array, "x");
    Napi::Int32Array out = typed<int32_t>(env, info[2], napi_int32_array, "out");
    raiseCheck(env, checkForward(plan, true, x.ElementLength(), out.ElementLength()));
    guarded(env, [&] { runForwardInt32(plan, x.Data(), out.Data()); });
  } else {
    Napi::Float32Array x = typed<float>(env, info[1], napi_float32_array, "x");
    Napi::Float32Array out = typed<float>(env, info[2], napi_float32_array, "out");
    raiseCheck(env, checkForward(plan, false, x.ElementLength(), out.ElementLength()));
    guarded(env, [&] { runForward(plan, x.Data(), out.Data()); });
  }
  return env.Undefined();
}

Napi::Value Backward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3) throw Napi::TypeError::New(env, kPrefix + "backward takes 3 arguments");
  PreparedPlan& plan = unwrapPlan(env, info[0]);
  if (!plan.backward) raiseCheck(env, "not a backward plan");
  Napi::Float32Array dy = typed<float>(env, info[1], napi_float32_array, "dy");
  Napi::Float32Array dx = typed<float>(env, info[2], napi_float32_array, "dx");
  raiseCheck(env, checkBackward(plan, dy.ElementLength(), dx.ElementLength()));
  guarded(env, [&] { runBackward(plan, dy.Data(), dx.Data()); });
  return env.Undefined();
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1) throw Napi::TypeError::New(env, kPrefix + "release takes 1 argument");
  unwrapPlan(env, info[0]);  // type check
  void* data = nullptr;
  if (napi_remove_wrap(env, info[0], &data) == napi_ok) delete static_cast<PreparedPlan*>(data);
  return env.Undefined();
}

Napi::Value PlanBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1) throw Napi::TypeError::New(env, kPrefix + "planBytes takes 1 argument");
  return Napi::Number::New(env, double(planBytes(unwrapPlan(env, info[0]))));
}

Napi::Value SetPortable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsBoolean()) throw Napi::TypeError::New(env, kPrefix + "setPortable(on: boolean)");
  setPortableOnly(info[0].As<Napi::Boolean>().Value());
  return env.Undefined();
}

Napi::Value Isa(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), activeIsa()); }

Napi::Value CachedTableBytes(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), double(cachedTableBytes()));
}

Napi::Value FailAllocation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsNumber() || !info[1].IsBoolean()) {
    throw Napi::TypeError::New(env, kPrefix + "_failAllocation(n, onWorkers)");
  }
  allocationFailureOnWorkers().store(info[1].As<Napi::Boolean>().Value());
  allocationFailureCountdown().store(info[0].As<Napi::Number>().Int64Value());
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const char* portable = std::getenv("TFJS_INTERPOLATE_PORTABLE");
  if (portable != nullptr && std::string(portable) == "1") setPortableOnly(true);
  exports.Set("prepareForward", Napi::Function::New(env, PrepareForward, "prepareForward"));
  exports.Set("prepareBackward", Napi::Function::New(env, PrepareBackward, "prepareBackward"));
  exports.Set("forward", Napi::Function::New(env, Forward, "forward"));
  exports.Set("backward", Napi::Function::New(env, Backward, "backward"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  exports.Set("planBytes", Napi::Function::New(env, PlanBytes, "planBytes"));
  exports.Set("cachedTableBytes", Napi::Function::New(env, CachedTableBytes, "cachedTableBytes"));
  exports.Set("_failAllocation", Napi::Function::New(env, FailAllocation, "_failAllocation"));
  exports.Set("threads", Napi::Number::New(env, Pool::instance().size()));
  exports.Set("setPortable", Napi::Function::New(env, SetPortable, "setPortable"));
  exports.Set("isa", Napi::Function::New(env, Isa, "isa"));
#ifdef TFJS_V8_OUTPUT_MEMORY
  registerV8Allocate(env, exports);
  exports.Set("v8OutputMemory", Napi::Boolean::New(env, true));
#else
  exports.Set("v8OutputMemory", Napi::Boolean::New(env, false));
#endif
  return exports;
}

}  // namespace
}  // namespace tfjs_interpolate

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return tfjs_interpolate::Init(env, exports);
}

NODE_API_MODULE(tfjs_interpolate, InitModule)
