#pragma once

#include <string>

namespace molar::aligners {

// The two arches an aligner plan treats; every per-arch figure comes as a pair.
enum class Arch
{
    Upper,
    Lower
};

// "upper" or "lower": the word stored, posted and used in catalog keys.
const char* archName(Arch arch);

// One value for each arch (steps, step lists).
template <typename T> struct PerArch
{
    T upper{};
    T lower{};

    T& of(Arch arch) { return arch == Arch::Upper ? upper : lower; }
    const T& of(Arch arch) const { return arch == Arch::Upper ? upper : lower; }
};

// Both arches in the order pages list them.
constexpr Arch kArches[] = {Arch::Upper, Arch::Lower};

} // namespace molar::aligners
