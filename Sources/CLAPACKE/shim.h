#ifndef TILSYN_CLAPACKE_SHIM_H
#define TILSYN_CLAPACKE_SHIM_H

#include <lapacke.h>
#include <cblas.h>
#include <dlfcn.h>
#include <stddef.h>

/// OpenBLAS-only entry points are looked up at run time, because the package links the generic
/// `libblas.so.3` (Debian's alternatives may point it at OpenBLAS or at the reference BLAS).

/// Sets OpenBLAS's own thread count if the BLAS in use is OpenBLAS; returns 1 if it was, 0 otherwise.
static inline int tilsyn_blas_set_num_threads(int n) {
    void (*f)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
    if (f == NULL) { return 0; }
    f(n);
    return 1;
}

/// OpenBLAS's build configuration string, or NULL when the BLAS is not OpenBLAS.
static inline const char *tilsyn_blas_config(void) {
    char *(*f)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_config");
    return f == NULL ? NULL : f();
}

/// The name of the CPU kernel OpenBLAS chose (e.g. "Haswell"), or NULL when the BLAS is not OpenBLAS.
static inline const char *tilsyn_blas_corename(void) {
    char *(*f)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_corename");
    return f == NULL ? NULL : f();
}

#endif
