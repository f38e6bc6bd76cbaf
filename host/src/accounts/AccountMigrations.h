#pragma once

#include "db/Migrator.h"

namespace molar::host {

// Organizations, clinics, users, sessions and sign-in bookkeeping (owner "accounts").
std::vector<Migration> accountMigrations(sdk::Dialect dialect);

} // namespace molar::host
