#pragma once

#include "StatusWebhook.h"
#include "molar/sdk/Http.h"
#include "molar/sdk/Logger.h"

#include <memory>

namespace molar::whatsapp {

// GET and POST /webhooks/whatsapp: the HTTP side of StatusWebhook. Public, without
// CSRF (Meta signs its POSTs instead), bodies up to 1 MiB.
void addWebhookRoutes(sdk::Routes& routes, std::shared_ptr<const StatusWebhook> webhook, sdk::Logger& logger);

} // namespace molar::whatsapp
