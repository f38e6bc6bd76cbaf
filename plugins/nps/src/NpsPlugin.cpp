#include "NpsPlugin.h"

#include "demo/NpsDemo.h"
#include "web/FeedbackWeb.h"

#include "molar/sdk/Events.h"
#include "molar/sdk/Jobs.h"
#include "molar/sdk/Notifications.h"

#include <chrono>

namespace molar::nps {

void NpsPlugin::configure(sdk::Host& host)
{
    _settings = readNpsSettings(host.config());
}

void NpsPlugin::start(sdk::Host& host)
{
    _service = std::make_unique<FeedbackService>(host, _settings);
    // The request opens in the transaction that delivers the case.
    host.events().on("case.delivered", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _service->onDelivered(tx, e.payload);
    });
    // The link is made as each message goes out: the email's and the WhatsApp message's
    // are two links to one request.
    host.notifications().addSecretLink(
        {FeedbackService::REQUEST_ID_FIELD, FeedbackService::LINK_FIELD,
         [this](const std::string& requestId) { return _service->revealLink(requestId); }});
    host.jobs().every("nps.escalate-overdue", std::chrono::minutes(1), [this, &host] {
        const int escalated = _service->escalateOverdue();
        if (escalated > 0)
            host.logger().info("nps: " + std::to_string(escalated) + " overdue follow-up(s) escalated");
    });
    startFeedbackWeb(host, _settings, *_service);
}

void NpsPlugin::seedDemoData(sdk::Host& host)
{
    seedNpsDemo(host, *_service);
}

void NpsPlugin::stop()
{
    // The host removed the routes, handlers, jobs and links before calling stop().
    _service.reset();
}

} // namespace molar::nps
