#pragma once

#include "db/Migrator.h"

namespace molar::host {

// The notification outbox's table, molar_notifications (owner "notifications"):
// one row per message, unique per event, recipient and channel.
std::vector<Migration> notificationMigrations(sdk::Dialect dialect);

} // namespace molar::host
