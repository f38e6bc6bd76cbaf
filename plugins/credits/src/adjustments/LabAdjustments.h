#pragma once

#include "CreditsServices.h"
#include "ledger/LedgerEntry.h"

#include "molar/sdk/Audit.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::credits {

// What the lab changes by hand on an organization's credits: adjustments to the balance
// (kind `adjustment`, a reason each) and the organization's custom discount. Each change
// locks the account, is audited, and tells the held cases and the auto top-up as any other
// move of the balance does.
class LabAdjustments
{
public:
    explicit LabAdjustments(CreditsServices& services) : _services(services) {}

    // Adds (positive `amountMinor`) or removes (negative) credit, once per `key` (the
    // form's: "adjustment:<key>" is the entry's source). Nothing when the key was used
    // before. CreditRefusal(409, "credits.error.insufficient") for a removal beyond the
    // balance. An addition resumes the held cases it covers.
    std::optional<LedgerEntry> adjust(std::int64_t organizationId, std::int64_t amountMinor,
                                      const std::string& reason, const std::string& key,
                                      const sdk::Actor& actor);

    // The organization's custom discount on packs, 0 to CreditsSettings::kMaxDiscountBasisPoints;
    // false when it already was that.
    bool setDiscount(std::int64_t organizationId, int basisPoints, const sdk::Actor& actor);

private:
    std::int64_t now() const;

    CreditsServices& _services;
};

} // namespace molar::credits
