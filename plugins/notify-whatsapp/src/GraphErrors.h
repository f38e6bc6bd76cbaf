#pragma once

#include <string>

namespace molar::whatsapp {

// A Graph API answer that is not a success, read for what to do about it.
struct GraphFailure
{
    int httpStatus = 0;
    long long code = -1; // error.code; -1 when the body has none
    bool permanent = false;
    std::string reason; // "WhatsApp error <code>: <message> (<details>)" and what to do
};

// Classifies an answer by error.code (Meta says to branch on the code, not the
// text): permanent when retrying cannot help, temporary for rate limits, an
// expired token, server errors and anything unrecognised outside 4xx.
GraphFailure classifyGraphFailure(int httpStatus, const std::string& body);

} // namespace molar::whatsapp
