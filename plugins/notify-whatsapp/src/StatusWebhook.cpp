#include "StatusWebhook.h"

#include "WebhookVerifier.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace molar::whatsapp {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

bool stateOf(const std::string& status, sdk::DeliveryState& state)
{
    if (status == "sent")
        state = sdk::DeliveryState::Sent;
    else if (status == "delivered")
        state = sdk::DeliveryState::Delivered;
    else if (status == "read")
        state = sdk::DeliveryState::Read;
    else if (status == "failed")
        state = sdk::DeliveryState::Failed;
    else
        return false;
    return true;
}

// Unix seconds, sent as a string ("1700000000"); 0 ("now") when unreadable.
std::int64_t millisOf(const Object& status)
{
    try {
        return status.has("timestamp") ? status.getValue<Poco::Int64>("timestamp") * 1000 : 0;
    } catch (const Poco::Exception&) {
        return 0;
    }
}

// "<code> <title>: <message> (<details>)" from errors[0].
std::string detailOf(const Object& status)
{
    auto errors = status.getArray("errors");
    auto error = errors && errors->size() > 0 ? errors->getObject(0) : nullptr;
    if (!error)
        return "";
    std::string detail = error->optValue<std::string>("code", "");
    std::string title = error->optValue<std::string>("title", "");
    std::string message = error->optValue<std::string>("message", "");
    if (!title.empty())
        detail += (detail.empty() ? "" : " ") + title;
    if (!message.empty() && message != title)
        detail += (detail.empty() ? "" : ": ") + message;
    if (auto data = error->getObject("error_data")) {
        std::string details = data->optValue<std::string>("details", "");
        if (!details.empty() && details != message)
            detail += " (" + details + ")";
    }
    return detail;
}

void collect(const Array::Ptr& statuses, std::vector<sdk::DeliveryReport>& out)
{
    for (std::size_t i = 0; statuses && i < statuses->size(); ++i) {
        auto status = statuses->getObject(static_cast<unsigned>(i));
        if (!status)
            continue;
        sdk::DeliveryReport report;
        report.channel = "whatsapp";
        report.providerMessageId = status->optValue<std::string>("id", "");
        if (report.providerMessageId.empty() ||
            !stateOf(status->optValue<std::string>("status", ""), report.state))
            continue;
        report.detail = detailOf(*status);
        report.atMillis = millisOf(*status);
        out.push_back(report);
    }
}

} // namespace

std::vector<sdk::DeliveryReport> parseStatusReports(const std::string& body)
{
    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(body).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("the body is not a JSON object: " + e.displayText());
    }
    if (!root)
        throw std::invalid_argument("the body is not a JSON object");

    std::vector<sdk::DeliveryReport> out;
    try {
        auto entries = root->getArray("entry");
        for (std::size_t i = 0; entries && i < entries->size(); ++i) {
            auto entry = entries->getObject(static_cast<unsigned>(i));
            auto changes = entry ? entry->getArray("changes") : nullptr;
            for (std::size_t j = 0; changes && j < changes->size(); ++j) {
                auto change = changes->getObject(static_cast<unsigned>(j));
                auto value = change ? change->getObject("value") : nullptr;
                if (value)
                    collect(value->getArray("statuses"), out);
            }
        }
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("unexpected webhook shape: " + e.displayText());
    }
    return out;
}

StatusWebhook::StatusWebhook(std::string appSecret, std::string verifyToken, Reporter report)
    : _appSecret(std::move(appSecret)), _verifyToken(std::move(verifyToken)), _report(std::move(report))
{
}

WebhookAnswer StatusWebhook::verify(const std::string& mode, const std::string& token,
                                    const std::string& challenge) const
{
    if (_verifyToken.empty())
        return {503, "webhook not configured"};
    if (!subscriptionMatches(_verifyToken, mode, token))
        return {403, "verification failed"};
    return {200, challenge};
}

WebhookAnswer StatusWebhook::receive(const std::string& signature, const std::string& rawBody) const
{
    // Nothing is parsed, let alone recorded, before the signature holds.
    if (_appSecret.empty())
        return {503, "webhook not configured"};
    if (!signatureMatches(_appSecret, rawBody, signature))
        return {401, "invalid signature"};
    std::vector<sdk::DeliveryReport> reports;
    try {
        reports = parseStatusReports(rawBody);
    } catch (const std::invalid_argument& e) {
        return {400, e.what()};
    }
    // A status for a message we do not know (sent by another system on the same
    // number) is still acknowledged, or Meta would keep retrying it.
    for (const auto& report : reports)
        _report(report);
    return {200, "ok"};
}

} // namespace molar::whatsapp
