#pragma once

#include "plans/Plan.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Http.h"

#include <cstdint>
#include <string>

namespace molar::aligners {

// Who acts on a plan, and what they may do. The lab reads every case's plans, and its
// admins, leads and technicians upload them; a clinic organization's members read their
// organization's cases (a dentist only their own, as on the case list); the clinic's
// owner and the case's own dentist decide.
struct PlanCaller
{
    sdk::Actor actor;
    std::string side; // lab, clinic; "" for a visitor
    std::string role;
    std::int64_t organizationId = 0; // the clinic's; 0 for the lab

    static PlanCaller of(const sdk::Request& request);

    bool isLab() const { return side == "lab"; }
    bool reads(const AlignerCase& c) const
    {
        if (isLab())
            return true;
        if (side != "clinic" || organizationId == 0 || c.organizationId != organizationId)
            return false;
        return role == "owner" || role == "staff" || c.ownerUserId == actor.userId;
    }
    bool uploads() const { return isLab() && (role == "admin" || role == "lead" || role == "technician"); }
    bool decides(const AlignerCase& c) const
    {
        return reads(c) && side == "clinic" && (role == "owner" || c.ownerUserId == actor.userId);
    }
};

inline PlanCaller PlanCaller::of(const sdk::Request& request)
{
    PlanCaller caller;
    caller.actor = sdk::Actor::of(request);
    if (const auto& principal = request.principal()) {
        caller.side = principal->side;
        caller.role = principal->role;
        caller.organizationId = principal->side == "clinic" ? principal->organizationId : 0;
    }
    return caller;
}

} // namespace molar::aligners
