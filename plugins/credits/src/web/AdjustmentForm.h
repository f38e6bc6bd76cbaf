#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace molar::credits {

// The lab's adjustment form read without HTTP: an amount typed positive in the plugin's
// currency, a direction (add to or remove from the balance), a reason, and the hidden key
// made when the page was rendered, so that the form sent twice adds one entry.
struct AdjustmentForm
{
    std::string amount;    // as typed, to show again
    std::string direction; // "add" or "remove"
    std::string reason;    // trimmed
    std::string key;       // 16 hex digits
    std::int64_t amountMinor = 0;
    std::map<std::string, std::string> errors; // field (amount, direction, reason) -> catalog key

    bool ok() const { return errors.empty(); }
    bool adds() const { return direction == "add"; }
    // The entry's signed amount: positive to add, negative to remove.
    std::int64_t signedMinor() const { return adds() ? amountMinor : -amountMinor; }
    // The ledger's source key: "adjustment:<key>".
    std::string sourceKey() const { return "adjustment:" + key; }

    // Reads the fields `amount`, `direction`, `reason` and `key` through `field` (the form's
    // value of a name, "" when absent). A key that is not one this page makes is an error of
    // the form itself (field "key"), not of anything the clerk typed.
    static AdjustmentForm read(const std::function<std::string(const std::string&)>& field,
                               const std::string& currency);

    static std::string newKey(); // 16 random hex digits
    static bool isKey(const std::string& text);

    static constexpr std::size_t kMaxReasonCharacters = 500;
};

// A percentage as the lab types it ("12.5", "12.50 %", "0") in basis points (1250);
// nothing for anything else, or for more than `maxBasisPoints`.
std::optional<int> parsePercent(const std::string& text, int maxBasisPoints);
// Basis points as a percentage to show and type again: 1250 -> "12.5", 1200 -> "12".
std::string percentText(int basisPoints);

} // namespace molar::credits
