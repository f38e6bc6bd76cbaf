#include "modes/DeliveryInvoicer.h"

#include "quotes/QuoteBook.h"

#include "molar/sdk/Errors.h"

namespace molar::billing {

std::string DeliveryInvoicer::currencyOf(sdk::Transaction& tx, const Delivery& delivery) const
{
    if (auto quoted = QuoteBook::acceptedPriceFor(tx, delivery.caseId))
        return quoted->currency;
    if (_prices) {
        if (auto price = _prices(tx, delivery.organizationId, delivery.product))
            return price->currency;
    }
    throw sdk::PermanentError("case " + delivery.caseNumber + ": no price for product '" + delivery.product +
                              "' and no accepted quote");
}

std::int64_t DeliveryInvoicer::draft(sdk::Transaction& tx, const std::vector<Delivery>& deliveries,
                                     const std::string& period, const std::string& currency,
                                     const std::string& what)
{
    const InvoiceCaller system = InvoiceCaller::system(what);
    const Delivery& first = deliveries.front();
    DraftRequest draft;
    draft.organizationId = first.organizationId;
    draft.currency = currency;
    draft.period = period;
    if (period.empty()) {
        draft.caseId = first.caseId;
        draft.clinicId = first.clinicId;
    }
    const Invoice made = _invoices.createDraft(tx, system, draft);
    for (const Delivery& delivery : deliveries) {
        ItemRequest item;
        item.caseId = delivery.caseId;
        item.caseNumber = delivery.caseNumber;
        item.itemCode = delivery.product;
        if (auto quoted = QuoteBook::acceptedPriceFor(tx, delivery.caseId))
            item.price = ItemPrice{quoted->minor, quoted->currency,
                                   delivery.productName.empty() ? delivery.product : delivery.productName};
        _invoices.addItem(tx, system, made.id, item);
    }
    return made.id;
}

std::int64_t DeliveryInvoicer::invoice(sdk::Transaction& tx, const std::vector<Delivery>& deliveries,
                                       const std::string& period, const std::string& currency,
                                       std::int64_t dueAt, const std::string& what)
{
    const std::int64_t id = draft(tx, deliveries, period, currency, what);
    _invoices.issue(tx, InvoiceCaller::system(what), id, dueAt);
    return id;
}

} // namespace molar::billing
