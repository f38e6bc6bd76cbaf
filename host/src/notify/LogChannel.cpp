#include "notify/LogChannel.h"

#include "molar/sdk/Errors.h"

#include <regex>

namespace molar::host {

namespace {

// The links of a message body (a track link, a reset link), without the settings link.
std::string linksOf(const sdk::OutgoingMessage& message)
{
    static const std::regex url(R"(https?://[^\s<>"]+)");
    std::string out;
    for (auto it = std::sregex_iterator(message.text.begin(), message.text.end(), url);
         it != std::sregex_iterator(); ++it)
        if (it->str() != message.settingsUrl)
            out += " " + it->str();
    return out;
}

} // namespace

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
        // One line each, with its links (how the demo follows a reset link); the body at debug level.
        _logger.information("%s message #%s to %s <%s>: %s%s", _info.name, message.id, message.recipientName,
                            message.address, message.subject, linksOf(message));
        _logger.debug("%s message #%s:\n%s", _info.name, message.id, message.text);
    }
    return "log-" + message.id;
}

} // namespace molar::host
