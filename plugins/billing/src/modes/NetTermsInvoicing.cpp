#include "modes/NetTermsInvoicing.h"

#include "cards/CardCharges.h"
#include "modes/CreditCases.h"

#include <chrono>

namespace molar::billing {

namespace {

Delivery deliveryOf(const sdk::Value& payload)
{
    Delivery delivery;
    delivery.caseId = payload.getInt("caseId");
    delivery.organizationId = payload.getInt("organizationId");
    delivery.clinicId = payload.getInt("clinicId");
    delivery.caseNumber = payload.getString("number");
    delivery.product = payload.getString("product");
    delivery.productName = payload.getString("productName");
    return delivery;
}

} // namespace

std::int64_t NetTermsInvoicing::nowMillis() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

std::string NetTermsInvoicing::deliveryMode(sdk::SqlRunner& db, const Delivery& delivery)
{
    // A case a card mode took (submitted in prepay, shipped in autopay) is that mode's,
    // whatever the organization's mode is now: never invoiced here or rolled up.
    const std::string card = CardCharges::modeOf(db, delivery.caseId);
    if (!card.empty())
        return card;
    // A case credits drafted an invoice for at submission is theirs, whatever the mode now.
    if (CreditCases::took(db, delivery.caseId))
        return "credits";
    const std::string mode = BillingAccounts::modeOf(db, delivery.organizationId);
    // In prepay, autopay or credits now, but none took the case (its organization changed
    // mode after it was submitted or shipped, or nothing priced it for credits): it is
    // invoiced on net terms.
    return mode == "prepay" || mode == "autopay" || mode == "credits" ? std::string("net_terms") : mode;
}

void NetTermsInvoicing::recordDelivery(sdk::Transaction& tx, const sdk::Value& payload) const
{
    Delivery delivery = deliveryOf(payload);
    if (delivery.caseId <= 0 || delivery.organizationId <= 0)
        return;
    delivery.deliveredAt = nowMillis();
    delivery.mode = deliveryMode(tx, delivery);
    Deliveries::record(tx, delivery);
}

std::int64_t NetTermsInvoicing::invoiceDelivered(const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    std::int64_t made = 0;
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto delivery = Deliveries::find(tx, caseId);
        if (!delivery) {
            // Delivered before this plugin recorded deliveries: as if delivered now.
            recordDelivery(tx, payload);
            delivery = Deliveries::find(tx, caseId);
        }
        if (!delivery || delivery->mode != "net_terms" || !Deliveries::claim(tx, caseId))
            return;
        const std::string currency = _invoicer.currencyOf(tx, *delivery);
        const std::int64_t now = nowMillis();
        const BillingAccount account = _accounts.accountOf(tx, delivery->organizationId);
        made = _invoicer.invoice(tx, {*delivery}, "", currency,
                                 _calendar.endOfDayAfter(now, account.netTermsDays), "net terms");
        Deliveries::attach(tx, {caseId}, made);
    });
    return made;
}

} // namespace molar::billing
