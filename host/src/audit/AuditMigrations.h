#pragma once

#include "db/Migrator.h"

namespace molar::host {

// The audit log's table, molar_audit (owner "audit"). Append-only: triggers refuse
// UPDATE and DELETE, so not even a careless admin query can rewrite history.
std::vector<Migration> auditMigrations(sdk::Dialect dialect);

} // namespace molar::host
