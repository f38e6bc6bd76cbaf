#include "quotes/QuoteCaller.h"

namespace molar::billing {

QuoteCaller QuoteCaller::of(const sdk::Request& request)
{
    QuoteCaller caller;
    caller.actor = sdk::Actor::of(request);
    if (const auto& p = request.principal()) {
        caller.side = p->side;
        caller.role = p->role;
        caller.organizationId = p->organizationId;
    }
    return caller;
}

bool QuoteCaller::mayPrice() const
{
    return side == "lab" && (role == "admin" || role == "lead" || role == "billing");
}

bool QuoteCaller::maySee(const Quote& quote) const
{
    if (side == "lab")
        return true;
    if (side != "clinic" || quote.organizationId != organizationId)
        return false;
    return role == "owner" || role == "staff" || quote.ownerUserId == actor.userId;
}

bool QuoteCaller::mayAnswer(const Quote& quote) const
{
    if (side != "clinic" || quote.organizationId != organizationId)
        return false;
    return role == "owner" || (role == "dentist" && quote.ownerUserId == actor.userId);
}

} // namespace molar::billing
