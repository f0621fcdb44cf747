// Returning freed memory to the system (scratch.h).
#include "scratch.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tfjs_interpolate {

void releaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace tfjs_interpolate
