#include "web/VerifyRoutes.h"

#include "store/WarrantyStore.h"
#include "terms/CheckCode.h"
#include "web/Viewer.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/RateLimits.h"
#include "molar/sdk/Views.h"

#include <algorithm>
#include <cctype>

namespace molar::warranty {

namespace {

constexpr std::size_t kMaxNumber = 40;

// A case number as typed: upper case, no spaces; empty when it holds anything a case
// number cannot (letters, digits and '-').
std::string caseNumberFrom(std::string text)
{
    text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
               text.end());
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const bool valid = !text.empty() && text.size() <= kMaxNumber &&
                       std::all_of(text.begin(), text.end(), [](unsigned char c) {
                           return std::isupper(c) || std::isdigit(c) || c == '-';
                       });
    return valid ? text : std::string();
}

// What a visitor typed, shown back to be corrected: cut to the field's length on a
// character boundary.
std::string shownBack(std::string text, std::size_t length)
{
    if (text.size() > length) {
        text.resize(length);
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
            text.pop_back();
        if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80))
            text.pop_back();
    }
    return text;
}

void noIndex(sdk::Response& response)
{
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Robots-Tag", "noindex");
    response.setHeader("Referrer-Policy", "no-referrer"); // the code stays out of other sites' logs
}

} // namespace

void VerifyRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", "/verify", sdk::Access::Public,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->form(request, response);
               });
    routes.add("GET", "/verify/{number}", sdk::Access::Public,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->verify(request, response);
               });
}

void VerifyRoutes::form(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const std::string typedNumber = request.query("number");
    const std::string typedCode = request.query("code");
    sdk::Value data = sdk::Value::object({{"number", shownBack(typedNumber, kMaxNumber)},
                                          {"code", shownBack(typedCode, 20)},
                                          {"labName", _settings.labName}});
    if (!typedNumber.empty() || !typedCode.empty()) {
        const std::string number = caseNumberFrom(typedNumber);
        const std::string code = normalizeCheckCode(typedCode);
        if (!number.empty() && !code.empty()) {
            response.redirect("/verify/" + number + "?code=" + code);
            return;
        }
        // Each mistake beside its field.
        if (number.empty())
            data.set("numberError", viewer.t("warranty.verify.error.number"));
        if (code.empty())
            data.set("codeError", viewer.t("warranty.verify.error.code"));
        response.setStatus(400);
    }
    noIndex(response);
    _host.views().page(request, response, "warranty/verify", "warranty.verify.title", data);
}

void VerifyRoutes::verify(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const auto decision = _host.rateLimiter().allow("verify", request.clientAddress(),
                                                    _settings.verifyPerMinute, std::chrono::minutes(1));
    if (!decision.allowed) {
        response.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
        throw sdk::HttpError(429, viewer.t("warranty.verify.tooMany"));
    }
    noIndex(response);
    const std::string number = caseNumberFrom(request.param("number"));
    const std::string code = request.query("code");
    std::optional<Warranty> warranty;
    if (!number.empty())
        warranty = WarrantyStore::forCaseNumber(_host.database(), number);
    // An unknown number and a wrong code are one answer: the same status and page.
    const bool found = warranty && sameCheckCode(warranty->checkCode, code);
    sdk::Value data = sdk::Value::object({{"number", shownBack(request.param("number"), kMaxNumber)},
                                          {"code", shownBack(code, 20)},
                                          {"labName", _settings.labName},
                                          {"looked", true},
                                          {"found", found}});
    if (!found) {
        response.setStatus(404);
        _host.views().page(request, response, "warranty/verify", "warranty.verify.title", data);
        return;
    }
    const std::string state = stateName(_service.stateOf(*warranty));
    data.set("number", warranty->caseNumber);
    data.set("state", state);
    data.set("stateText", viewer.t("warranty.state." + state));
    data.set(state, true);
    data.set("restoration", viewer.restoration(*warranty));
    data.set("clinicName", warranty->clinicName);
    data.set("issuedOn", viewer.day(warranty->issuedOn));
    data.set("expiresOn", viewer.day(warranty->expiresOn));
    _host.views().page(request, response, "warranty/verify", "warranty.verify.title", data);
}

} // namespace molar::warranty
