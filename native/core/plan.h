// The core's interface: a finished plan (the TypeScript plan's integers and axis tables, never
// user options) is validated and copied once into a PreparedPlan; each call then checks only its
// buffers' lengths and runs the kernels synchronously on the core's thread pool. No JavaScript
// engine API is used here: the N-API addon (native/node/) and the WebAssembly module wrap these
// functions.
//
// Errors: checks return a message (empty when fine) that the wrapper raises as a RangeError.
// Kernels report allocation failure with std::bad_alloc (rethrown on the calling thread after
// every pool thread has finished); builds without exceptions abort instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels.h"
#include "window_pass.h"

namespace tfjs_interpolate {

/** One axis table as handed over (src/plan/axis_table.ts): views of the caller's arrays, read and
 * copied by prepare*() and not kept. */
struct AxisInput {
  double inSize = 0, outSize = 0, taps = 0;
  bool identity = false;
  const int32_t* index = nullptr;
  size_t indexLength = 0;
  const float* weight = nullptr;
  size_t weightLength = 0;
  const int32_t* count = nullptr;
  size_t countLength = 0;
};

/** Entries of the forward ints: [method, outer, inner, channels, inD, inH, inW, outD, outH, outW,
 * floatChannels]. */
constexpr size_t kForwardInts = 11;
/** Entries of the backward ints: [method, combine, outer, inner, channels, inD, inH, inW, outD,
 * outH, outW, order0, order1, order2, doubleAccumulate, floatChannels]. */
constexpr size_t kBackwardInts = 16;

/** A validated plan with its own copies of the tables (later edits of the caller's arrays cannot
 * reach the kernels), plus the derived tables the kernels build from it. */
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

/**
 * Validates and copies a forward plan into `out`. `windowed`: use the windowed W pass
 * (window_pass.h) where the table allows (false keeps the plain passes, for tests comparing the
 * two). Returns "" or the reason the plan was refused.
 */
std::string prepareForward(const double* ints, size_t nInts, const AxisInput axes[3], bool windowed,
                           std::unique_ptr<PreparedPlan>& out);

/** Validates and copies a backward plan into `out`; returns "" or the reason. */
std::string prepareBackward(const double* ints, size_t nInts, const AxisInput axes[3],
                            std::unique_ptr<PreparedPlan>& out);

/** "" when `plan` is a forward plan for buffers of these lengths (int32 data: gather only). */
std::string checkForward(const PreparedPlan& plan, bool int32, size_t xLength, size_t outLength);

/** "" when `plan` is a backward plan for buffers of these lengths. */
std::string checkBackward(const PreparedPlan& plan, size_t dyLength, size_t dxLength);

/** Runs a checked forward plan (float32 data). Every output element is written. */
void runForward(const PreparedPlan& plan, const float* x, float* out);
/** Runs a checked forward gather plan on int32 data. */
void runForwardInt32(const PreparedPlan& plan, const int32_t* x, int32_t* out);
/** Runs a checked backward plan; `dx` is overwritten. May build and keep derived tables. */
void runBackward(PreparedPlan& plan, const float* dy, float* dx);

/** Bytes the plan holds (its copies and derived tables), for the caller's cache accounting. */
size_t planBytes(const PreparedPlan& plan);

}  // namespace tfjs_interpolate
