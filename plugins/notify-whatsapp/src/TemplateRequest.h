#pragma once

#include <string>
#include <vector>

namespace molar::whatsapp {

// The digits WhatsApp wants in "to" for an E.164 number: "+97455512345" gives
// "97455512345". Throws sdk::PermanentError for anything but "+" and 8 to 15 digits.
std::string recipientDigits(const std::string& address);

// A body parameter as WhatsApp takes it: Meta refuses parameter text with line
// breaks, tabs or more than four spaces in a row, so those become single spaces.
std::string parameterText(const std::string& text);

// The JSON body of POST /{phone-number-id}/messages for one template message; the
// body parameters go in order, and without any the components are left out.
std::string templateRequestBody(const std::string& to, const std::string& templateName,
                                const std::string& languageCode, const std::vector<std::string>& parameters);

} // namespace molar::whatsapp
