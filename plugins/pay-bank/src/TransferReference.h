#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace molar::paybank {

// Bank transfer references: "MB-" then eight Crockford base32 symbols in two groups
// of four, the last a Luhn mod 32 check symbol ("MB-7QX4-M2KA"). Seven random
// symbols give 35 bits, so a payer cannot guess another's reference, and the check
// catches one mistyped symbol and most swaps of two neighbours, so a typo never
// lands on somebody else's invoice.
class TransferReference
{
public:
    // The 32 symbols: digits and upper-case letters without I, L, O and U.
    static const std::string alphabet;
    static constexpr std::size_t randomSymbols = 7;

    // A new reference from `random` (any source of uniformly random 32-bit numbers;
    // the plugin gives it the system's cryptographic source).
    static std::string generate(const std::function<std::uint32_t()>& random);
    // A new reference from the system's random device.
    static std::string generate();

    // The symbol that makes `symbols` (upper case, alphabet symbols only) check.
    static char checkSymbol(const std::string& symbols);
    // Whether the eight symbols, check last, are valid.
    static bool checks(const std::string& symbols);

    // The canonical reference for text a person or a bank wrote: any case, with or
    // without the dashes (or with spaces), Crockford's O read as 0 and I, L as 1.
    // Empty when it is no reference or its check symbol is wrong.
    static std::optional<std::string> normalize(const std::string& text);

    // Every valid reference inside a longer text (a statement line's description),
    // in order, without repeats.
    static std::vector<std::string> findIn(const std::string& text);
};

} // namespace molar::paybank
