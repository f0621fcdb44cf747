// WebAssembly entry points (loaded by src/kernels/wasm/instance.ts): thin wrappers of the core's plan
// interface (native/core/plan.h), which validates a finished plan once and runs it. The caller
// writes a plan's integers and tables into a block of the module's memory (tf.js's wasm heap, or a
// memory of the module's own), prepares it once into an owned handle, then runs it on buffers in
// that memory: tf.js's tensors themselves, or copies. Bad input returns 0 (or a nonzero
// status) with the core's message at `tfi_error()`; nothing traps on it.
//
//   tfi_prepare(backward, ints, axes, windowed) -> handle, 0 on error
//     ints (float64): the core's forward or backward ints (kForwardInts / kBackwardInts entries)
//     axes (int32): three times [inSize, outSize, taps, identity, index*, indexLength, weight*,
//                   weightLength, count*, countLength]
//   tfi_forward(handle, x, out, isInt) / tfi_backward(handle, dy, dx) -> 0, or 1 on error
//   tfi_release(handle), tfi_alloc(bytes), tfi_free(p), tfi_error(), tfi_live()
//   tfi_fail_allocation(n): test hook, the n-th next core allocation fails (a trap); 0 turns it off
//   tfi_in_length(handle), tfi_out_length(handle): element counts of the plan's buffers
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "../core/plan.h"
#include "../core/scratch.h"

#define TFI_EXPORT(name) extern "C" __attribute__((export_name(#name), visibility("default")))

using tfjs_interpolate::PreparedPlan;

namespace {

std::string lastError;
int32_t live = 0;

/** `status` ("" or a reason) as this module's return code, keeping the reason for tfi_error(). */
int32_t report(const std::string& status) {
  if (status.empty()) return 0;
  lastError = "tfjs-interpolate wasm: " + status;
  return 1;
}

template <typename T>
const T* pointer(int32_t address) {
  return reinterpret_cast<const T*>(uintptr_t(uint32_t(address)));
}

}  // namespace

TFI_EXPORT(tfi_alloc) void* tfiAlloc(uint32_t bytes) {
  void* p = std::aligned_alloc(16, (size_t(bytes) + 15) & ~size_t(15));
  if (p != nullptr) live++;
  return p;
}

TFI_EXPORT(tfi_free) void tfiFree(void* p) {
  if (p == nullptr) return;
  live--;
  std::free(p);
}

/** Blocks from tfi_alloc not yet freed plus prepared plans not yet released (leak checks). */
TFI_EXPORT(tfi_live) int32_t tfiLive() { return live; }

TFI_EXPORT(tfi_error) const char* tfiError() { return lastError.c_str(); }

TFI_EXPORT(tfi_fail_allocation) void tfiFailAllocation(int32_t n) {
  tfjs_interpolate::allocationFailureCountdown().store(n);
}

TFI_EXPORT(tfi_prepare) PreparedPlan* tfiPrepare(int32_t backward, const double* ints, const int32_t* axes,
                                                  int32_t windowed) {
  using namespace tfjs_interpolate;
  AxisInput in[3];
  for (int a = 0; a < 3; a++) {
    const int32_t* h = axes + 10 * a;
    in[a].inSize = h[0];
    in[a].outSize = h[1];
    in[a].taps = h[2];
    in[a].identity = h[3] != 0;
    in[a].index = pointer<int32_t>(h[4]);
    in[a].indexLength = size_t(uint32_t(h[5]));
    in[a].weight = pointer<float>(h[6]);
    in[a].weightLength = size_t(uint32_t(h[7]));
    in[a].count = pointer<int32_t>(h[8]);
    in[a].countLength = size_t(uint32_t(h[9]));
  }
  std::unique_ptr<PreparedPlan> plan;
  const std::string status = backward != 0 ? prepareBackward(ints, kBackwardInts, in, plan)
                                           : prepareForward(ints, kForwardInts, in, windowed != 0, plan);
  if (report(status) != 0) return nullptr;
  live++;
  return plan.release();
}

TFI_EXPORT(tfi_release) void tfiRelease(PreparedPlan* plan) {
  if (plan == nullptr) return;
  live--;
  delete plan;
}

TFI_EXPORT(tfi_in_length) double tfiInLength(const PreparedPlan* plan) { return double(plan->inLen); }
TFI_EXPORT(tfi_out_length) double tfiOutLength(const PreparedPlan* plan) { return double(plan->outLen); }

/** Forward of `plan`: `x` and `out` hold its input and output elements (int32 when `isInt`). */
TFI_EXPORT(tfi_forward) int32_t tfiForward(const PreparedPlan* plan, const void* x, void* out, int32_t isInt) {
  using namespace tfjs_interpolate;
  const size_t inLen = size_t(plan->inLen), outLen = size_t(plan->outLen);
  if (report(checkForward(*plan, isInt != 0, inLen, outLen)) != 0) return 1;
  if (isInt != 0) {
    runForwardInt32(*plan, static_cast<const int32_t*>(x), static_cast<int32_t*>(out));
  } else {
    runForward(*plan, static_cast<const float*>(x), static_cast<float*>(out));
  }
  return 0;
}

/** Input gradient of `plan` for `dy` into `dx`. */
TFI_EXPORT(tfi_backward) int32_t tfiBackward(PreparedPlan* plan, const float* dy, float* dx) {
  using namespace tfjs_interpolate;
  if (report(checkBackward(*plan, size_t(plan->outLen), size_t(plan->inLen))) != 0) return 1;
  runBackward(*plan, dy, dx);
  return 0;
}
