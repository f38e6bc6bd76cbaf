#pragma once

#include "views/ViewEngine.h"

#include "molar/sdk/Value.h"

#include <string>
#include <utility>
#include <vector>

namespace molar::host {

// What the account forms (registration, user and organization administration)
// share: the country list, field checks, and the form's select options.
namespace AccountForms {

struct Country
{
    std::string code; // ISO 3166 alpha-2
    std::string name;
};

// The Gulf states and India first (the lab's region), then other common countries.
const std::vector<Country>& countries();
bool isCountry(const std::string& code);
// name@domain.tld, at most 254 characters.
bool isEmail(const std::string& email);
// 3 to 64 characters: letters, digits, space, period, hyphen, apostrophe and
// underscore. No '@': sign-in takes a name with '@' for an email address.
bool isUsername(const std::string& username);
// Not empty, at most `maxBytes`, and no control characters.
bool isText(const std::string& text, std::size_t maxBytes);
// Whether `text` holds what would break a log line, a message or a page: C0 controls
// (CR, LF, tab...), DEL, C1 controls, the Unicode line and paragraph separators, or
// bytes that are not UTF-8.
bool hasControlCharacters(const std::string& text);
// The message key for a one-line text field, "" when it is right: `emptyKey` when it
// is empty or longer than `maxBytes`, accountForm.error.control for control characters.
std::string textError(const std::string& text, std::size_t maxBytes, const std::string& emptyKey);

// [{code, name, selected}] for a <select>.
sdk::Value countryOptions(const std::string& selected);
// [{value, label, selected}] with labels from `keyPrefix` + value ("role.owner").
sdk::Value options(const std::vector<std::string>& values, const std::string& selected,
                   const std::string& keyPrefix, const ViewEngine& views, const std::string& language);

// The roles of a side, in the order a form lists them.
const std::vector<std::string>& roles(const std::string& side);

} // namespace AccountForms

} // namespace molar::host
