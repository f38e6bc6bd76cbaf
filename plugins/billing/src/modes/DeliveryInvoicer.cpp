#include "modes/DeliveryInvoicer.h"

#include "charges/AgreedPrices.h"
#include "quotes/QuoteBook.h"

#include "molar/sdk/Errors.h"

namespace molar::billing {

std::optional<CasePrice> DeliveryInvoicer::casePrice(sdk::SqlRunner& db, const Delivery& delivery)
{
    const std::string product = delivery.productName.empty() ? delivery.product : delivery.productName;
    // The clinic answered a quote for this very case: it wins over a price agreed elsewhere.
    if (auto quoted = QuoteBook::acceptedPriceFor(db, delivery.caseId))
        return CasePrice{ItemPrice{quoted->minor, quoted->currency, product}, "", true};
    if (auto agreed = AgreedPrices::find(db, delivery.caseId))
        return CasePrice{
            ItemPrice{agreed->price.minor, agreed->price.currency, agreedLineName(product, agreed->label)},
            agreed->label, false};
    return std::nullopt;
}

std::string DeliveryInvoicer::currencyOf(sdk::Transaction& tx, const Delivery& delivery) const
{
    if (auto own = casePrice(tx, delivery))
        return own->price.currency;
    if (_prices) {
        if (auto price = _prices(tx, delivery.organizationId, delivery.product))
            return price->currency;
    }
    throw sdk::PermanentError("case " + delivery.caseNumber + ": no price for product '" + delivery.product +
                              "', no accepted quote and no agreed price");
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
        if (auto own = casePrice(tx, delivery)) {
            item.price = own->price;
            item.variant = own->label;
        }
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
