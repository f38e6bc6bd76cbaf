#include "store/ClinicCases.h"

namespace molar::cases {

bool ClinicCases::anyNames(std::int64_t clinicId) const
{
    return !_database.query("SELECT id FROM cases_cases WHERE clinic_id = ? LIMIT 1", {clinicId}).empty();
}

} // namespace molar::cases
