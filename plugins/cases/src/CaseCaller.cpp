#include "CaseCaller.h"

namespace molar::cases {

CaseCaller CaseCaller::of(const sdk::Request& request)
{
    CaseCaller caller;
    caller.actor = sdk::Actor::of(request);
    if (const auto& p = request.principal()) {
        caller.side = p->side;
        caller.role = p->role;
        caller.organizationId = p->organizationId;
    }
    return caller;
}

bool CaseCaller::canSee(const CaseRecord& record) const
{
    if (isLab())
        return !record.isDraft();
    if (!isClinic() || record.organizationId != organizationId)
        return false;
    if (role == "owner" || role == "staff")
        return true;
    return record.ownerUserId == actor.userId;
}

} // namespace molar::cases
