#include "modes/OverdueSweep.h"

namespace molar::billing {

int OverdueSweep::run(std::int64_t nowMillis)
{
    InvoiceQuery query;
    query.states = {InvoiceState::Issued, InvoiceState::PartlyPaid};
    query.dueBefore = nowMillis;
    query.limit = 200;
    int marked = 0;
    for (;;) {
        const InvoicePage page = _invoices.list(query);
        for (const Invoice& invoice : page.invoices) {
            // Due 0 means due at issue: such invoices are paid on the spot or chased by hand.
            if (invoice.dueAt <= 0)
                continue;
            bool changed = false;
            _host.database().transaction(
                [&](sdk::Transaction& tx) { changed = _invoices.markOverdue(tx, invoice.id); });
            if (changed)
                ++marked;
        }
        if (page.nextBeforeId == 0)
            break;
        query.beforeId = page.nextBeforeId;
    }
    return marked;
}

} // namespace molar::billing
