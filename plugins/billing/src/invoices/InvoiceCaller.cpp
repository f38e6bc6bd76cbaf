#include "invoices/InvoiceCaller.h"

namespace molar::billing {

InvoiceCaller InvoiceCaller::of(const sdk::Request& request)
{
    InvoiceCaller caller;
    caller.actor = sdk::Actor::of(request);
    if (const auto& principal = request.principal()) {
        caller.side = principal->side;
        caller.role = principal->role;
        caller.organizationId = principal->organizationId;
    }
    return caller;
}

InvoiceCaller InvoiceCaller::system(const std::string& what)
{
    InvoiceCaller caller;
    caller.actor = sdk::Actor::system(what);
    caller.side = "system";
    return caller;
}

bool InvoiceCaller::isLabBilling() const
{
    return isSystem() || (side == "lab" && (role == "admin" || role == "billing"));
}

bool InvoiceCaller::canSee(const Invoice& invoice) const
{
    if (side == "lab" || isSystem())
        return true;
    return side == "clinic" && organizationId != 0 && invoice.organizationId == organizationId &&
           invoice.state != InvoiceState::Draft;
}

} // namespace molar::billing
