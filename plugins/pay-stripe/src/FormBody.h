#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace molar::paystripe {

// A request body (or query) as Stripe reads it: application/x-www-form-urlencoded
// with nested keys in brackets, written by the caller in full ("metadata[molar_attempt]",
// "line_items[0][price_data][currency]"). Fields keep the order they were added in.
class FormBody
{
public:
    FormBody& add(const std::string& key, const std::string& value);
    FormBody& add(const std::string& key, std::int64_t value);
    FormBody& add(const std::string& key, int value) { return add(key, static_cast<std::int64_t>(value)); }
    FormBody& add(const std::string& key, bool value);
    FormBody& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
    // Replaces the value of every field named `key` (adds one when there is none).
    FormBody& set(const std::string& key, const std::string& value);
    // The value of the first field named `key`; "" when none.
    std::string value(const std::string& key) const;

    bool empty() const { return _fields.empty(); }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return _fields; }
    // "key=value&key=value": both percent-encoded as UTF-8 bytes, except the letters,
    // digits and -._~ that need none, and the brackets of keys, which Stripe's own
    // libraries send as they are.
    std::string encoded() const;

private:
    std::vector<std::pair<std::string, std::string>> _fields;
};

// One key or value percent-encoded; `keepBrackets` leaves '[' and ']' as they are.
std::string formEncode(const std::string& text, bool keepBrackets = false);

} // namespace molar::paystripe
