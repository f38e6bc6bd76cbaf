#include "modes/MonthlyRollup.h"

#include "molar/sdk/Errors.h"

#include <stdexcept>

#include <map>

namespace molar::billing {

namespace {

// Thrown inside a roll-up's transaction to undo its claim when there is nothing to bill.
struct NothingToBill
{
};

} // namespace

int MonthlyRollup::run(std::int64_t nowMillis)
{
    const MonthPeriod period = _calendar.monthBefore(nowMillis);
    std::map<std::int64_t, std::vector<Delivery>> byOrganization;
    for (Delivery& delivery : Deliveries::unbilled(_host.database(), "monthly", period.start, period.end))
        byOrganization[delivery.organizationId].push_back(std::move(delivery));
    int made = 0;
    for (const auto& [organizationId, deliveries] : byOrganization) {
        try {
            if (rollUp(deliveries, period, nowMillis) != 0)
                ++made;
        } catch (const std::runtime_error& e) {
            // One organization's unpriced case must not hold up the others' invoices;
            // its cases stay unbilled and the next hourly run tries again.
            _host.logger().error("monthly roll-up " + period.label + " of organization " +
                                 std::to_string(organizationId) + ": " + e.what());
        }
    }
    return made;
}

std::int64_t MonthlyRollup::rollUp(const std::vector<Delivery>& deliveries, const MonthPeriod& period,
                                   std::int64_t now)
{
    const std::int64_t organizationId = deliveries.front().organizationId;
    std::int64_t made = 0;
    try {
        _host.database().transaction([&](sdk::Transaction& tx) {
            // The key first: a second host waits here until the first commits, then
            // meets the key and stops before taking an invoice number.
            if (!tx.query("SELECT invoice_id FROM billing_rollups WHERE organization_id = ? AND period = ?",
                          {organizationId, period.label})
                     .empty())
                return;
            tx.execute("INSERT INTO billing_rollups (organization_id, period, invoice_id, made_at) VALUES "
                       "(?, ?, 0, ?)",
                       {organizationId, period.label, now});
            std::vector<Delivery> claimed;
            for (const Delivery& delivery : deliveries)
                if (Deliveries::claim(tx, delivery.caseId))
                    claimed.push_back(delivery);
            if (claimed.empty())
                throw NothingToBill{};
            // The lab bills in one currency: the first case's is the invoice's.
            const std::string currency = _invoicer.currencyOf(tx, claimed.front());
            const BillingAccount account = _accounts.accountOf(tx, organizationId);
            made = _invoicer.invoice(tx, claimed, period.label, currency,
                                     _calendar.endOfDayAfter(now, account.netTermsDays), "monthly roll-up");
            std::vector<std::int64_t> caseIds;
            for (const Delivery& delivery : claimed)
                caseIds.push_back(delivery.caseId);
            Deliveries::attach(tx, caseIds, made);
            tx.execute("UPDATE billing_rollups SET invoice_id = ? WHERE organization_id = ? AND period = ?",
                       {made, organizationId, period.label});
        });
    } catch (const NothingToBill&) {
        return 0;
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw;
        return 0; // another host made this month's invoice first
    }
    return made;
}

} // namespace molar::billing
