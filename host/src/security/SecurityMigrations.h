#pragma once

#include "db/Migrator.h"

namespace molar::host {

// The tables of the host's shared protections: rate-limit counters and the keys
// that sign the sign-in device cookies.
std::vector<Migration> securityMigrations(sdk::Dialect dialect);

} // namespace molar::host
