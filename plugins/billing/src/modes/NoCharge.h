#pragma once

#include "molar/sdk/Value.h"

namespace molar::billing {

// A case made at no charge (a warranty remake the lab approved: the cases plugin's
// "noCharge" in every event of the case) is billed to no one: no mode records it, no card
// is held or charged, no credits are asked for, no invoice is made.
inline bool isNoChargeCase(const sdk::Value& casePayload)
{
    const sdk::Value& noCharge = casePayload.get("noCharge");
    return noCharge.isBool() && noCharge.asBool();
}

} // namespace molar::billing
