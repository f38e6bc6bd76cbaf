#pragma once

#include "EmailSettings.h"
#include "molar/sdk/Plugin.h"

namespace molar::notifyemail {

// Offers the "email" notification channel, sending over SMTP.
class NotifyEmailPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;

private:
    EmailSettings _settings;
};

} // namespace molar::notifyemail
