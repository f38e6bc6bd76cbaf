#pragma once

#include <cstdio>
#include <cstdlib>

// A property a fuzz target holds for every input. When it fails the target stops
// with the message, and libFuzzer keeps the input as a crash to reproduce.
#define MOLAR_FUZZ_CHECK(condition, message)                                                                 \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "fuzz property failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, message,    \
                         #condition);                                                                        \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)
