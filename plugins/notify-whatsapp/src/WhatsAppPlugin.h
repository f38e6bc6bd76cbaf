#pragma once

#include "StatusWebhook.h"
#include "WhatsAppSettings.h"
#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::whatsapp {

// Offers the "whatsapp" notification channel and Meta's delivery-status webhook.
class WhatsAppPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;

private:
    WhatsAppSettings _settings;
    std::shared_ptr<const StatusWebhook> _webhook;
};

} // namespace molar::whatsapp
