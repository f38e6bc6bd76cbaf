#include "WhatsAppPlugin.h"

#include "WebhookRoutes.h"
#include "WhatsAppChannel.h"

namespace molar::whatsapp {

void WhatsAppPlugin::configure(sdk::Host& host)
{
    _settings = readWhatsAppSettings(host.config());
}

void WhatsAppPlugin::start(sdk::Host& host)
{
    host.notifications().addChannel(std::make_shared<WhatsAppChannel>(_settings));

    // The outbox outlives every request of ours: the host removes our routes
    // before stop(), and its Notifications stays valid until then.
    sdk::Notifications& notifications = host.notifications();
    _webhook = std::make_shared<StatusWebhook>(
        _settings.appSecret, _settings.verifyToken,
        [&notifications](const sdk::DeliveryReport& report) { return notifications.report(report); });
    addWebhookRoutes(host.routes(), _webhook, host.logger());

    if (_settings.appSecret.empty())
        host.logger().warning("notify-whatsapp.appSecret is empty: " + host.publicUrl() +
                              "/webhooks/whatsapp answers 503 and no delivery status is recorded");
    if (_settings.verifyToken.empty())
        host.logger().warning("notify-whatsapp.verifyToken is empty: Meta cannot verify the webhook's "
                              "callback URL");
    host.logger().info("sending through phone number id " + _settings.phoneNumberId + " at " +
                       _settings.graphUrl);
}

void WhatsAppPlugin::stop()
{
    _webhook.reset();
}

} // namespace molar::whatsapp
