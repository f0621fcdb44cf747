// See v8_output.h.
#include "v8_output.h"

#include <v8.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>

#include "output_pool.h"

namespace tfjs_interpolate {
namespace {

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

}  // namespace

void registerV8Allocate(Napi::Env env, Napi::Object exports) {
#if !defined(V8_ENABLE_SANDBOX)
  exports.Set("allocate", v8Function(env, Allocate));
#else
  (void)env;
  (void)exports;
#endif
}

}  // namespace tfjs_interpolate
