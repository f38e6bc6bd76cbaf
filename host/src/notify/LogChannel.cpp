#include "notify/LogChannel.h"

#include "molar/sdk/Errors.h"

namespace molar::host {

LogChannel::LogChannel(std::string name) : _logger(Poco::Logger::get("notifications"))
{
    // Phone channels are named for their service; everything else is addressed by email.
    const bool phone = name == "whatsapp" || name == "sms" || name == "telegram";
    _info =
        sdk::ChannelInfo{std::move(name), phone ? sdk::AddressKind::Phone : sdk::AddressKind::Email, phone};
}

std::string LogChannel::send(const sdk::OutgoingMessage& message)
{
    if (message.address.empty())
        throw sdk::PermanentError("no address");
    if (_info.usesTemplates) {
        std::string parameters;
        for (const auto& p : message.templateParameters)
            parameters += (parameters.empty() ? "" : " | ") + p;
        _logger.information("%s message #%s to %s <%s>: template %s [%s]", _info.name, message.id,
                            message.recipientName, message.address, message.templateName, parameters);
    } else {
        _logger.information("%s message #%s to %s <%s>: %s\n%s", _info.name, message.id,
                            message.recipientName, message.address, message.subject, message.text);
    }
    return "log-" + message.id;
}

} // namespace molar::host
