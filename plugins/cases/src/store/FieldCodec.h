#pragma once

#include "store/CaseStore.h"

#include <map>
#include <string>

namespace molar::cases {

// Product field values as stored in one text column: "name=value&name=value",
// percent-encoded like a form body, names sorted.
std::string encodeFields(const std::map<std::string, std::string>& fields);
std::map<std::string, std::string> decodeFields(const std::string& text);
// A timeline summary's placeholders in the same column: the text fields as they are, each
// amount as "amount:<name>=<minor> <currency>" and each date as "date:<name>=<millis> <zone>"
// (no field name holds a colon).
std::string encodeSummary(const Activity& activity);
void decodeSummary(const std::string& text, Activity& activity);
// `text` percent-encoded for a form body or a query string (unreserved characters kept).
std::string percentEncode(const std::string& text);

} // namespace molar::cases
