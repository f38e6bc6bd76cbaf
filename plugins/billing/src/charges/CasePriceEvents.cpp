#include "charges/CasePriceEvents.h"

#include "charges/AgreedPrices.h"

#include "molar/sdk/Money.h"

#include <chrono>

namespace molar::billing {

void CasePriceEvents::start()
{
    _host.events().on("case.priced", [this](sdk::Transaction& tx, const sdk::Event& event) {
        onCasePriced(tx, event.payload);
    });
    _host.events().on("case.charged", [this](sdk::Transaction& tx, const sdk::Event& event) {
        onCaseCharged(tx, event.payload);
    });
}

std::int64_t CasePriceEvents::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

void CasePriceEvents::onCasePriced(sdk::Transaction& tx, const sdk::Value& payload)
{
    const PricedCase priced = readPricedCase(payload);
    AgreedPrices::record(tx, priced, now());
    _host.audit().record(tx, sdk::Actor::system("case.priced"),
                         {"billing.case_priced", "case", std::to_string(priced.caseId), priced.organizationId,
                          priced.number + ": " + sdk::formatMoney(priced.price) +
                              (priced.label.empty() ? "" : " (" + priced.label + ")") +
                              (priced.source.empty() ? "" : " from " + priced.source)});
    if (auto above = _credits.agreedPriceAbove(tx, priced))
        _charges.charge(tx, *above);
}

void CasePriceEvents::onCaseCharged(sdk::Transaction& tx, const sdk::Value& payload)
{
    _charges.charge(tx, readCaseCharge(payload));
}

} // namespace molar::billing
