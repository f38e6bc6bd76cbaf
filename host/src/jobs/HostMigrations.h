#pragma once

#include "db/Migrator.h"

namespace molar::host {

// The host's own tables: the outbox/job queue and the periodic-job schedule.
std::vector<Migration> hostMigrations(sdk::Dialect dialect);

} // namespace molar::host
