#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace molar::paystripe::json {

// Reading Stripe's JSON without surprises: a missing, null or mistyped field reads as
// empty (or the fallback), never as an exception.

// The document as an object; null when it does not parse or is not an object.
Poco::JSON::Object::Ptr parseObject(const std::string& text);
// A string field; "" when absent, null or not a string.
std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key);
// An integer field; `fallback` when absent, null or not a whole number.
std::int64_t integer(const Poco::JSON::Object::Ptr& object, const std::string& key,
                     std::int64_t fallback = 0);
// A boolean field; `fallback` when absent or not a boolean.
bool boolean(const Poco::JSON::Object::Ptr& object, const std::string& key, bool fallback = false);
// A nested object; null when absent or not an object.
Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& object, const std::string& key);
// A nested array; null when absent or not an array.
Poco::JSON::Array::Ptr array(const Poco::JSON::Object::Ptr& object, const std::string& key);
// An expandable reference: the id string, or the id of the object when expanded.
std::string idOf(const Poco::JSON::Object::Ptr& object, const std::string& key);
// metadata[key] of an object; "" when absent.
std::string metadata(const Poco::JSON::Object::Ptr& object, const std::string& key);

} // namespace molar::paystripe::json
