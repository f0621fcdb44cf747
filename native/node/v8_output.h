// Optional (build option `v8_output_memory`): `allocate(bytes)`, outputs on recycled memory
// through V8's own API. Not ABI-stable across Node versions, so the default build leaves it out.
#pragma once

#include <napi.h>

namespace tfjs_interpolate {

/** Adds `allocate` to `exports` (nothing where V8's sandbox forbids outside memory). */
void registerV8Allocate(Napi::Env env, Napi::Object exports);

}  // namespace tfjs_interpolate
