#include "WhatsAppChannel.h"

#include "GraphErrors.h"
#include "TemplateRequest.h"
#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace molar::whatsapp {

namespace {

// messages[0].id of a success answer; empty when the answer has none.
std::string messageId(const std::string& body)
{
    try {
        Poco::JSON::Parser parser;
        auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        auto messages = root ? root->getArray("messages") : nullptr;
        auto first = messages && messages->size() > 0 ? messages->getObject(0) : nullptr;
        return first ? first->optValue<std::string>("id", "") : "";
    } catch (const Poco::Exception&) {
        return "";
    }
}

} // namespace

WhatsAppChannel::WhatsAppChannel(WhatsAppSettings settings)
    : _settings(std::move(settings)), _graph(_settings.graphUrl, _settings.timeoutSeconds)
{
}

sdk::ChannelInfo WhatsAppChannel::info() const
{
    sdk::ChannelInfo info;
    info.name = "whatsapp";
    info.address = sdk::AddressKind::Phone;
    info.usesTemplates = true;
    return info;
}

std::string WhatsAppChannel::send(const sdk::OutgoingMessage& message)
{
    const std::string to = recipientDigits(message.address);
    if (message.templateName.empty())
        throw sdk::PermanentError("WhatsApp sends approved templates only, and this message has none");

    std::vector<std::string> parameters;
    for (const auto& text : message.templateParameters)
        parameters.push_back(parameterText(text));
    const std::string body = templateRequestBody(to, message.templateName,
                                                 _settings.templateLanguage(message.language), parameters);
    const GraphAnswer answer =
        _graph.postJson("/" + _settings.phoneNumberId + "/messages", _settings.accessToken, body);

    if (answer.status >= 200 && answer.status < 300) {
        // A wamid means accepted, not delivered: the webhook reports the rest.
        std::string id = messageId(answer.body);
        if (id.empty())
            throw std::runtime_error("no message id in the answer");
        return id;
    }
    const GraphFailure failure = classifyGraphFailure(answer.status, answer.body);
    if (failure.permanent)
        throw sdk::PermanentError(failure.reason);
    throw std::runtime_error(failure.reason);
}

} // namespace molar::whatsapp
