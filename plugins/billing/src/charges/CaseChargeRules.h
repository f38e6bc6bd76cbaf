#pragma once

#include "molar/sdk/Money.h"
#include "molar/sdk/Value.h"

#include <cstdint>
#include <string>

namespace molar::billing {

// case.priced: the price agreed for a case outside the price list (the aligner plan
// option a clinic accepted), which its invoice charges from then on.
struct PricedCase
{
    std::int64_t caseId = 0;
    std::string number; // "TR-260512-1A4F"
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    sdk::Money price;   // 0 or more
    std::string label;  // the option's name ("TWO"); "" for none
    std::string source; // who agreed it ("aligners.plan")
};

// case.charged: an extra charge on a case (a plan upgrade, replacement aligners),
// invoiced once per chargeKey.
struct CaseCharge
{
    std::string chargeKey; // "aligners.upgrade.42.TWO"
    std::int64_t caseId = 0;
    std::string number;
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    sdk::Money amount; // 0 or more; 0 charges nothing; `quantity` times the unit price
    std::string label; // the line's text ("Replacement aligners: 3"), as stored and as shown
                       // when no catalog knows `itemKey`
    // Optional: the charge named in each reader's language by a catalog key
    // of the publisher ("aligners.charge.replacement"), its units, and a variant written
    // after the name ("Lite → Full"). "" and 1 for a line shown as `label`.
    std::string itemKey;
    std::int64_t quantity = 1;
    std::string detail;
};

// The payloads checked; each throws sdk::PermanentError naming the event and the field
// (no case, no organization, a negative or too large amount, an integer that is not one,
// a currency that is no ISO 4217 code, a label or key too long or with control characters),
// so the publisher's transaction rolls back.
PricedCase readPricedCase(const sdk::Value& payload);
CaseCharge readCaseCharge(const sdk::Value& payload);

// The line of a case at its agreed price: "Clear aligners (TWO)", the product's name alone
// without a label.
std::string agreedLineName(const std::string& productName, const std::string& label);

// The key of the charge for an agreed price above what a credits invoice already took.
std::string agreedDifferenceKey(std::int64_t caseId);

} // namespace molar::billing
