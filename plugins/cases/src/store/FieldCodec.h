#pragma once

#include <map>
#include <string>

namespace molar::cases {

// Product field values as stored in one text column: "name=value&name=value",
// percent-encoded like a form body, names sorted.
std::string encodeFields(const std::map<std::string, std::string>& fields);
std::map<std::string, std::string> decodeFields(const std::string& text);
// `text` percent-encoded for a form body or a query string (unreserved characters kept).
std::string percentEncode(const std::string& text);

} // namespace molar::cases
