#include "charges/CaseChargeInvoicer.h"

#include "charges/CaseCharges.h"

#include <chrono>

namespace molar::billing {

std::int64_t CaseChargeInvoicer::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

std::int64_t CaseChargeInvoicer::charge(sdk::Transaction& tx, const CaseCharge& charge)
{
    if (charge.amount.minor <= 0)
        return 0;
    const std::int64_t at = now();
    // The key first, before an invoice number is taken: a second publisher of the key
    // waits here, not on the year's counter, and then charges nothing.
    if (!CaseCharges::claim(tx, charge.chargeKey, charge.caseId, charge.amount, at))
        return 0;
    const InvoiceCaller system = InvoiceCaller::system("case.charged");
    DraftRequest draft;
    draft.organizationId = charge.organizationId;
    draft.clinicId = charge.clinicId;
    draft.caseId = charge.caseId;
    draft.currency = charge.amount.currency;
    const Invoice made = _invoices.createDraft(tx, system, draft);
    ItemRequest item;
    item.caseId = charge.caseId;
    item.caseNumber = charge.number;
    item.description = charge.label;
    // A named charge: the page words it from the key in the reader's language, the
    // variant after it; the label stays as the text for a key no catalog knows.
    item.itemCode = charge.itemKey;
    item.quantity = charge.quantity;
    item.variant = charge.detail;
    item.price = ItemPrice{charge.amount.minor / charge.quantity, charge.amount.currency, charge.label};
    _invoices.addItem(tx, system, made.id, item);
    const BillingAccount account = _accounts.accountOf(tx, charge.organizationId);
    _invoices.issue(tx, system, made.id, _calendar.endOfDayAfter(at, account.netTermsDays));
    CaseCharges::attach(tx, charge.chargeKey, made.id);
    return made.id;
}

} // namespace molar::billing
