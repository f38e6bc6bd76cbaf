#include "GraphErrors.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <set>

namespace molar::whatsapp {

namespace {

// Codes where waiting helps: auth (once the operator renews the token), rate and
// spam limits, too many messages to one number, and the Graph API's own
// "temporarily unavailable" codes. Everything else in a 4xx is a refusal.
const std::set<long long>& temporaryCodes()
{
    static const std::set<long long> codes{0, 190, 2, 4, 80007, 130429, 131016, 131048, 131056, 133004};
    return codes;
}

std::string advice(long long code)
{
    switch (code) {
    case 0:
    case 190:
        return "; the access token was refused: renew it (notify-whatsapp.accessToken)";
    case 4:
    case 80007:
    case 130429:
    case 131056:
        return "; rate limited, will retry";
    case 131048:
        return "; spam rate limit: check the number's quality rating in WhatsApp Manager";
    case 131026:
        return "; the number cannot receive WhatsApp messages: use another channel";
    case 131030:
        return "; the number is not on the test allow-list: add it or go live";
    case 131047:
        return "; more than 24 hours since the user's last message: send an approved template";
    case 132001:
        return "; the template does not exist in that language: get it approved in WhatsApp Manager";
    case 368:
        return "; blocked for a policy violation: see WhatsApp Manager";
    default:
        return "";
    }
}

// A 4xx that says "this request is wrong", unlike a timeout or "slow down".
bool refused(int httpStatus)
{
    return httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429;
}

std::string shortened(const std::string& text)
{
    return text.size() <= 200 ? text : text.substr(0, 200) + "...";
}

} // namespace

GraphFailure classifyGraphFailure(int httpStatus, const std::string& body)
{
    GraphFailure failure;
    failure.httpStatus = httpStatus;
    std::string message;
    std::string details;
    try {
        Poco::JSON::Parser parser;
        auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        auto error = root ? root->getObject("error") : nullptr;
        if (error && error->has("code")) {
            failure.code = error->getValue<Poco::Int64>("code");
            message = error->optValue<std::string>("message", "");
            if (auto data = error->getObject("error_data"))
                details = data->optValue<std::string>("details", "");
        }
    } catch (const Poco::Exception&) {
        // Not the Graph error shape (a proxy's page): the HTTP status decides.
    }

    if (failure.code < 0) {
        failure.reason = "WhatsApp answered HTTP " + std::to_string(httpStatus) + ": " + shortened(body);
        failure.permanent = refused(httpStatus);
        return failure;
    }
    failure.reason = "WhatsApp error " + std::to_string(failure.code) + ": " + message;
    if (!details.empty() && details != message)
        failure.reason += " (" + details + ")";
    failure.reason += advice(failure.code);
    failure.permanent = refused(httpStatus) && temporaryCodes().count(failure.code) == 0;
    return failure;
}

} // namespace molar::whatsapp
