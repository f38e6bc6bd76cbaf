#include "service/WarrantyService.h"

#include "service/WarrantyEvents.h"
#include "store/WarrantyStore.h"
#include "terms/CheckCode.h"

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Catalog.h"
#include "molar/sdk/Events.h"

#include <chrono>

namespace molar::warranty {

namespace {

constexpr std::size_t kMaxReason = 500;

} // namespace

std::int64_t WarrantyService::nowMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

std::string WarrantyService::today() const
{
    return localDay(nowMs(), _host.timeZone());
}

WarrantyState WarrantyService::stateOf(const Warranty& warranty) const
{
    return warrantyStateOn(today(), warranty.expiresOn, warranty.voided);
}

void WarrantyService::onDelivered(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::string product = payload.getString("product");
    int months = 0;
    for (const auto& item : _host.catalog())
        if (item.code == product)
            months = item.warrantyMonths;
    if (months <= 0)
        return;

    Warranty w;
    w.caseId = payload.getInt("caseId");
    w.caseNumber = payload.getString("number");
    w.number = "W-" + w.caseNumber;
    w.organizationId = payload.getInt("organizationId");
    w.clinicId = payload.getInt("clinicId");
    w.ownerUserId = payload.getInt("ownerUserId");
    w.product = product;
    w.restoration = payload.getString("productName", product);
    w.teeth = payload.getString("teeth");
    if (const auto clinic = _host.accounts().clinic(w.clinicId))
        w.clinicName = clinic->name;
    else if (const auto organization = _host.accounts().organization(w.organizationId))
        w.clinicName = organization->name;
    w.termMonths = months;
    w.issuedAt = nowMs();
    w.issuedOn = localDay(w.issuedAt, _host.timeZone());
    w.expiresOn = addMonths(w.issuedOn, months);
    w.checkCode = newCheckCode();
    if (!WarrantyStore::insertOnce(tx, w))
        return;

    const sdk::Actor actor = sdk::Actor::system("warranty");
    _host.audit().record(tx, actor,
                         {"warranty.issued", "warranty", w.number, w.organizationId,
                          w.restoration + ", " + std::to_string(months) + " months, expires " + w.expiresOn});
    publish(tx, "warranty.issued", w, "warranty.timeline.issued", "system");
}

void WarrantyService::voidWarranty(std::int64_t id, const std::string& typedReason, const sdk::Actor& actor)
{
    const auto first = typedReason.find_first_not_of(" \t\r\n");
    const std::string reason =
        first == std::string::npos
            ? std::string()
            : typedReason.substr(first, typedReason.find_last_not_of(" \t\r\n") + 1 - first);
    if (reason.empty())
        throw WarrantyRefusal(400, "warranty.error.reasonRequired");
    if (reason.size() > kMaxReason)
        throw WarrantyRefusal(400, "warranty.error.reasonTooLong");
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto w = WarrantyStore::find(tx, id);
        if (!w)
            throw WarrantyRefusal(404, "warranty.error.notFound");
        if (!WarrantyStore::markVoid(tx, id, reason, actor.userId, nowMs()))
            throw WarrantyRefusal(409, "warranty.error.alreadyVoid");
        w->voided = true;
        w->voidReason = reason;
        _host.audit().record(tx, actor,
                             {"warranty.voided", "warranty", w->number, w->organizationId, reason});
        publish(tx, "warranty.voided", *w, "warranty.timeline.voided", actor.label);
    });
}

void WarrantyService::publish(sdk::Transaction& tx, const std::string& event, const Warranty& w,
                              const std::string& summaryKey, const std::string& actor)
{
    sdk::Value payload = warrantyEventPayload(_host, w);
    payload.set("reason", w.voidReason);
    _host.events().publish(tx, event, payload);
    addCaseActivity(
        _host, tx, w, summaryKey,
        sdk::Value::object({{"number", w.number}, {"expiresOn", w.expiresOn}, {"reason", w.voidReason}}),
        actor);
}

} // namespace molar::warranty
