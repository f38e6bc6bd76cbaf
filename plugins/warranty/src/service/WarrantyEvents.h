#pragma once

#include "store/Warranty.h"

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::warranty {

// What every warranty event carries: the warranty, its case and organization, the case's
// dentist (for the notification rules) and the warranty page's address.
sdk::Value warrantyEventPayload(sdk::Host& host, const Warranty& warranty);

// A `case.activity` entry on the warranty's case, in the publisher's transaction: the
// catalog key and its fields, not words, so each reader gets their own language.
void addCaseActivity(sdk::Host& host, sdk::Transaction& tx, const Warranty& warranty,
                     const std::string& summaryKey, const sdk::Value& summaryFields,
                     const std::string& actor);

} // namespace molar::warranty
