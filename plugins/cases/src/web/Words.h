#pragma once

#include <string>

namespace molar::cases {

// The viewer's words: catalog messages in their language. Wizard steps and the list
// presenter take them instead of the request, so they are tested without HTTP.
class Words
{
public:
    virtual ~Words() = default;
    Words() = default;
    Words(const Words&) = delete;
    Words& operator=(const Words&) = delete;

    virtual std::string t(const std::string& key) const = 0;
    // A message for a code from config (prefix + code), else the code as words.
    virtual std::string label(const std::string& prefix, const std::string& code) const = 0;
    // A name config gives in English (a product's, a field's), in the viewer's language
    // where a catalog has it under `key`; the configured name otherwise.
    virtual std::string name(const std::string& key, const std::string& configured) const = 0;
};

} // namespace molar::cases
