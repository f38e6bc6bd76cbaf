#pragma once

#include <map>
#include <string>

namespace molar::credits {

// The portal's reason for a ledger entry as a catalog key and its fields, stored beside the
// entry's English `reason` so that each reader gets it in their own language. Field values
// are codes and whole numbers (a pack code, a top-up id, minor units): the stored form is
// "name=value;name=value", in name order.
struct ReasonWords
{
    std::string key; // "credits.reason.pack"; "" for a reason a person typed
    std::map<std::string, std::string> fields;

    std::string encodedFields() const;
    // Fields of the stored form; a pair that is not "name=value" is skipped.
    static std::map<std::string, std::string> decodeFields(const std::string& text);
};

// A field value the stored form can hold: letters, digits, '_' and '-', 1 to 64 of them.
bool isReasonValue(const std::string& value);

// "TOPUP-7": how a top-up is named on pages, in reasons and to providers.
std::string topUpReference(std::int64_t topupId);

} // namespace molar::credits
