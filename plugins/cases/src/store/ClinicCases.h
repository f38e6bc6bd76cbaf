#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>

namespace molar::cases {

// Whether any case, a draft included, names a clinic: the host archives such a
// clinic instead of deleting it when its owner removes it (sdk::ClinicRecords).
class ClinicCases
{
public:
    explicit ClinicCases(sdk::Database& database) : _database(database) {}
    bool anyNames(std::int64_t clinicId) const;

private:
    sdk::Database& _database;
};

} // namespace molar::cases
