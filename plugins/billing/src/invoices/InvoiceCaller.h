#pragma once

#include "invoices/Invoice.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Http.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace molar::billing {

// Who acts on an invoice: a signed-in user from a request, or the system (a job, an event).
struct InvoiceCaller
{
    sdk::Actor actor;
    std::string side; // "clinic", "lab" or "system"
    std::string role; // owner, dentist, staff, admin, technician, lead, billing
    std::int64_t organizationId = 0;

    static InvoiceCaller of(const sdk::Request& request);
    static InvoiceCaller system(const std::string& what);

    bool isSystem() const { return side == "system"; }
    // Lab admins and the billing clerk run invoices (and the system, for the jobs).
    bool isLabBilling() const;
    // The lab sees every invoice; a clinic member its organization's, once issued.
    bool canSee(const Invoice& invoice) const;
};

// A refusal the user can act on: an HTTP status and a message-catalog key
// (billing.invoice.error.*).
class InvoiceRefusal : public std::runtime_error
{
public:
    InvoiceRefusal(int status, const std::string& key) : std::runtime_error(key), _status(status) {}
    int status() const { return _status; }
    std::string key() const { return what(); }

private:
    int _status;
};

} // namespace molar::billing
