// Memory for large output arrays, recycled. Outputs handed to JavaScript are freed whenever V8's
// garbage collector gets to them, often several at once; the C library then returns the memory to
// the system and the next output of the same size starts on fresh pages that the kernel must fault
// in and zero (several milliseconds for tens of megabytes). Blocks given back here are kept, up to a
// bound, and reused by the next output of exactly the same size; blocks that stay unused while
// other sizes are requested go back to the C library.
#pragma once

#include <cstddef>

namespace tfjs_interpolate {

/** A 64-byte aligned block of `bytes` bytes (a cached one when one of that size is free). Throws
 * std::bad_alloc. */
void* takeBlock(size_t bytes);

/** Returns a block from takeBlock: kept for reuse (newest first, at most kMaxCachedBytes in all) or
 * freed. Safe from any thread (V8 frees arrays on its own threads). */
void giveBlock(void* block, size_t bytes);

/** Upper bound on the bytes kept for reuse. */
constexpr size_t kMaxCachedBytes = size_t(256) << 20;

}  // namespace tfjs_interpolate
