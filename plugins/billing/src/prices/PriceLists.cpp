#include "prices/PriceLists.h"

#include "molar/sdk/Errors.h"

#include <chrono>

namespace molar::billing {

namespace {

bool samePrices(const CustomPrices& a, const CustomPrices& b)
{
    if (a.size() != b.size())
        return false;
    for (const auto& [code, money] : a) {
        const auto other = b.find(code);
        if (other == b.end() || other->second.minor != money.minor ||
            other->second.currency != money.currency)
            return false;
    }
    return true;
}

} // namespace

std::int64_t PriceLists::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

PriceLists::SaveResult PriceLists::save(const sdk::Actor& actor, std::int64_t organizationId, int from,
                                        const CustomPrices& prices)
{
    const auto catalog = _book.catalog();
    const std::string currency = catalog.empty() ? std::string() : catalog.front().currency;
    SaveResult result;
    try {
        _host.database().transaction([&](sdk::Transaction& tx) {
            const auto list = PriceListStore::forOrganization(tx, organizationId);
            const int latest = list ? list->version : 0;
            if (from != latest) {
                result = {Saved::Conflict, latest};
                return;
            }
            const CustomPrices current = list ? PriceListStore::prices(tx, list->id, latest) : CustomPrices();
            if (samePrices(current, prices)) {
                result = {Saved::Unchanged, latest};
                return;
            }
            const auto listId =
                PriceListStore::addVersion(tx, organizationId, from, prices, currency, actor.userId, now());
            if (!listId) {
                result = {Saved::Conflict, latest};
                return;
            }
            result = {Saved::NewVersion, from + 1};
            _host.audit().record(tx, actor,
                                 {"billing.price_list.saved", "price_list", std::to_string(*listId),
                                  organizationId,
                                  "version " + std::to_string(result.version) + ", " +
                                      std::to_string(prices.size()) + " custom prices"});
        });
    } catch (const sdk::DatabaseError& e) {
        // Another host made the organization's list at the same moment.
        if (!e.isConflict())
            throw;
        const auto list = PriceListStore::forOrganization(_host.database(), organizationId);
        result = {Saved::Conflict, list ? list->version : 0};
    }
    return result;
}

PriceLists::Accepted PriceLists::accept(const sdk::Actor& actor, std::int64_t organizationId,
                                        std::int64_t listId, int version)
{
    Accepted outcome = Accepted::Now;
    try {
        _host.database().transaction([&](sdk::Transaction& tx) {
            const auto list = PriceListStore::byId(tx, listId);
            if (!list || list->organizationId != organizationId)
                throw PriceRefusal(404, "billing.prices.error.notFound");
            if (version < 1 || version != PriceListStore::lockedVersion(tx, listId)) {
                outcome = Accepted::Stale;
                return;
            }
            if (PriceListStore::agreement(tx, listId, version)) {
                outcome = Accepted::Already;
                return;
            }
            PriceListStore::addAgreement(tx, {listId, organizationId, version, actor.userId, now()});
            _host.audit().record(tx, actor,
                                 {"billing.price_list.accepted", "price_list", std::to_string(listId),
                                  organizationId, "version " + std::to_string(version)});
        });
    } catch (const sdk::DatabaseError& e) {
        // The same acceptance from a second click, committed first.
        if (!e.isConflict())
            throw;
        outcome = Accepted::Already;
    }
    return outcome;
}

} // namespace molar::billing
