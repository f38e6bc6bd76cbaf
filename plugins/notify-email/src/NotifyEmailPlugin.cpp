#include "NotifyEmailPlugin.h"

#include "SmtpChannel.h"

#include <memory>

namespace molar::notifyemail {

void NotifyEmailPlugin::configure(sdk::Host& host)
{
    _settings = readEmailSettings(host.config());
}

void NotifyEmailPlugin::start(sdk::Host& host)
{
    host.notifications().addChannel(std::make_shared<SmtpChannel>(_settings));
    const char* security = _settings.security == Security::Tls        ? "tls"
                           : _settings.security == Security::StartTls ? "starttls"
                                                                      : "none";
    host.logger().info("email goes through SMTP server " + _settings.server() + " (security " + security +
                       (_settings.username.empty() ? ", no login" : ", user " + _settings.username) +
                       "), from " + _settings.from.address);
}

} // namespace molar::notifyemail
