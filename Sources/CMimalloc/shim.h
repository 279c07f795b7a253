#ifndef PRAXIS_MIMALLOC_SHIM_H
#define PRAXIS_MIMALLOC_SHIM_H

// mimalloc as packaged by Debian (libmimalloc-dev): only its options are called, from
// Sources/praxis/Allocator.swift; linking the library is what makes it the process' malloc.
#include <mimalloc.h>

#endif
