#include "isa.h"

#include <atomic>

namespace tfjs_interpolate {
namespace {

std::atomic<bool> portableOnly{false};

bool cpuHasAvx2() {
#ifdef TFJS_AVX2_DISPATCH
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
#else
  return false;
#endif
}

}  // namespace

bool useAvx2() { return cpuHasAvx2() && !portableOnly.load(std::memory_order_relaxed); }

void setPortableOnly(bool on) { portableOnly.store(on, std::memory_order_relaxed); }

const char* activeIsa() {
  if (useAvx2()) return "avx2";
#if defined(__SSE2__)
  return "sse2";
#elif defined(__wasm_simd128__)
  return "wasm-simd128";
#elif defined(__ARM_NEON)
  return "neon";
#else
  return "scalar";
#endif
}

}  // namespace tfjs_interpolate
