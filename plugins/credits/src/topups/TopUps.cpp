#include "topups/TopUps.h"

#include "debits/CaseDebits.h"
#include "ledger/BalanceWatcher.h"
#include "ledger/CreditLedger.h"
#include "ledger/CreditRefusal.h"

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Audit.h"
#include "molar/sdk/Events.h"
#include "molar/sdk/Logger.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"
#include "molar/sdk/Payments.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace molar::credits {

namespace {

const std::string kColumns =
    "SELECT id, organization_id, pack_code, pack_name, credits_minor, price_minor, currency, provider, "
    "attempt_id, state, received_minor, origin, entry_id, created_by, created_at, updated_at FROM "
    "credits_topups ";

TopUp topUpFrom(const sdk::ResultSet& rows, std::size_t i)
{
    TopUp t;
    t.id = rows.get(i, "id").asInt();
    t.organizationId = rows.get(i, "organization_id").asInt();
    t.packCode = rows.get(i, "pack_code").toString();
    t.packName = rows.get(i, "pack_name").toString();
    t.creditsMinor = rows.get(i, "credits_minor").asInt();
    t.priceMinor = rows.get(i, "price_minor").asInt();
    t.currency = rows.get(i, "currency").toString();
    t.provider = rows.get(i, "provider").toString();
    t.attemptId = rows.get(i, "attempt_id").toString();
    t.state = rows.get(i, "state").toString();
    t.receivedMinor = rows.get(i, "received_minor").asInt();
    t.origin = rows.get(i, "origin").toString();
    t.entryId = rows.get(i, "entry_id").asInt();
    t.createdBy = rows.get(i, "created_by").asInt();
    t.createdAt = rows.get(i, "created_at").asInt();
    t.updatedAt = rows.get(i, "updated_at").asInt();
    return t;
}

std::string reference(std::int64_t topupId)
{
    return topUpReference(topupId);
}

// round(refund × credits / price), half up, in integers: the product of two amounts of up
// to 10^15 minor units does not fit 64 bits.
std::int64_t proportional(std::int64_t refund, std::int64_t credits, std::int64_t price)
{
    __extension__ typedef __int128 Wide;
    const Wide product = static_cast<Wide>(refund) * credits;
    return static_cast<std::int64_t>((product * 2 + price) / (static_cast<Wide>(price) * 2));
}

// The credits that `refunded` (every refund made since the pack was credited, in all) takes
// back: money beyond the price (`beyond`, credited at face value) is given back first, then
// the price, whose share of the pack's credits goes in proportion. Taken as a total, so a
// refund in parts removes what the whole would.
std::int64_t creditsRefunded(std::int64_t refunded, std::int64_t beyond, std::int64_t credits,
                             std::int64_t price)
{
    const std::int64_t ofBeyond = std::min(refunded, beyond);
    const std::int64_t ofPrice = std::min(refunded - ofBeyond, price);
    return ofBeyond + proportional(ofPrice, credits, price) + (refunded - ofBeyond - ofPrice);
}

} // namespace

TopUps::TopUps(sdk::Host& host, const CreditsSettings& settings, const CreditLedger& ledger,
               CaseDebits& debits, BalanceWatcher& watcher)
    : _host(host), _settings(settings), _ledger(ledger), _debits(debits), _watcher(watcher)
{
}

namespace {

std::int64_t nowMillis(sdk::Host& host)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.clock().now().time_since_epoch())
        .count();
}

sdk::Actor actorFor(sdk::Host& host, std::int64_t userId)
{
    if (userId == 0)
        return sdk::Actor{0, "system", ""};
    const auto user = host.accounts().user(userId);
    return sdk::Actor{
        userId, user ? user->displayName + " <" + user->email + ">" : "user " + std::to_string(userId), ""};
}

void audit(sdk::Host& host, sdk::Transaction& tx, const sdk::Actor& actor, const std::string& action,
           const TopUp& topUp, const std::string& detail)
{
    host.audit().record(tx, actor,
                        sdk::AuditEntry{action, "credits_topup", std::to_string(topUp.id),
                                        topUp.organizationId, detail.substr(0, 1000)});
}

std::string money(std::int64_t minor, const std::string& currency)
{
    return sdk::formatMoney({minor, currency});
}

} // namespace

TopUps::Started TopUps::begin(std::int64_t organizationId, const std::string& packCode,
                              const std::string& provider, const std::string& origin,
                              std::int64_t actorUserId)
{
    Started started;
    _host.database().transaction([&](sdk::Transaction& tx) {
        started = beginIn(tx, organizationId, packCode, provider, origin, actorUserId);
    });
    return started;
}

TopUps::Started TopUps::beginIn(sdk::Transaction& tx, std::int64_t organizationId,
                                const std::string& packCode, const std::string& provider,
                                const std::string& origin, std::int64_t actorUserId)
{
    if (origin != "clinic" && origin != "auto")
        throw std::invalid_argument("a top-up's origin is clinic or auto, not '" + origin + "'");
    const Pack* pack = _settings.pack(packCode);
    if (!pack)
        throw CreditRefusal(400, "credits.error.pack");
    bool offered = false;
    for (const auto& capabilities : _host.payments().providers()) {
        if (capabilities.name != provider)
            continue;
        const auto& currencies = capabilities.currencies;
        offered = currencies.empty() ||
                  std::find(currencies.begin(), currencies.end(), _settings.currency) != currencies.end();
    }
    if (!offered)
        throw CreditRefusal(400, "credits.error.provider");

    const CreditAccount account = _ledger.account(tx, organizationId);
    const std::int64_t price = _settings.priceFor(*pack, account.discountBasisPoints);
    const std::int64_t now = nowMillis(_host);
    TopUp topUp;
    topUp.organizationId = organizationId;
    topUp.packCode = pack->code;
    topUp.packName = pack->name;
    topUp.creditsMinor = pack->creditsMinor;
    topUp.priceMinor = price;
    topUp.currency = _settings.currency;
    topUp.provider = provider;
    topUp.state = "pending";
    topUp.origin = origin;
    topUp.createdBy = actorUserId;
    topUp.id =
        tx.insert("INSERT INTO credits_topups (organization_id, pack_code, pack_name, credits_minor, "
                  "price_minor, currency, provider, attempt_id, state, received_minor, origin, entry_id, "
                  "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', 'pending', 0, ?, "
                  "0, ?, ?, ?)",
                  {organizationId, topUp.packCode, topUp.packName, topUp.creditsMinor, price, topUp.currency,
                   provider, origin, actorUserId, now, now});

    sdk::PaymentPurpose purpose{"topup", std::to_string(topUp.id), organizationId, reference(topUp.id),
                                topUp.packName + " credit pack"};
    sdk::PaymentAttempt attempt;
    try {
        attempt = _host.payments().begin(tx, purpose, provider, {price, topUp.currency});
    } catch (const std::invalid_argument&) {
        throw CreditRefusal(400, "credits.error.provider"); // the provider went away meanwhile
    }
    topUp.attemptId = attempt.id;
    tx.execute("UPDATE credits_topups SET attempt_id = ? WHERE id = ?", {attempt.id, topUp.id});
    audit(_host, tx, actorFor(_host, actorUserId), "credits.topup_started", topUp,
          topUp.packName + ": " + money(topUp.creditsMinor, topUp.currency) + " of credits for " +
              money(price, topUp.currency) + " by " + provider + " (" + origin + ", " + reference(topUp.id) +
              ")");
    return Started{topUp.id, attempt.id};
}

std::optional<TopUp> TopUps::find(sdk::SqlRunner& db, std::int64_t topupId, std::int64_t organizationId) const
{
    auto rows = db.query(kColumns + "WHERE id = ? AND organization_id = ?", {topupId, organizationId});
    if (rows.empty())
        return std::nullopt;
    return topUpFrom(rows, 0);
}

std::optional<TopUp> TopUps::byAttempt(sdk::SqlRunner& db, const std::string& attemptId) const
{
    if (attemptId.empty())
        return std::nullopt;
    auto rows = db.query(kColumns + "WHERE attempt_id = ?", {attemptId});
    if (rows.empty())
        return std::nullopt;
    return topUpFrom(rows, 0);
}

std::vector<TopUp> TopUps::recent(sdk::SqlRunner& db, std::int64_t organizationId, int limit) const
{
    auto rows = db.query(kColumns + "WHERE organization_id = ? ORDER BY id DESC LIMIT ?",
                         {organizationId, std::int64_t(std::max(1, limit))});
    std::vector<TopUp> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(topUpFrom(rows, i));
    return out;
}

std::optional<TopUp> TopUps::topUpOfMoney(sdk::Transaction& tx, const sdk::Value& payload,
                                          const std::string& event, const std::string& moved,
                                          const std::string& outcome) const
{
    if (payload.getString("purposeKind") != "topup")
        return std::nullopt;
    const std::string attemptId = payload.getString("attemptId");
    auto found = byAttempt(tx, attemptId);
    if (!found) {
        _host.logger().log(sdk::LogLevel::Warning,
                           event + " for attempt " + attemptId + " of no known top-up: ignored");
        return std::nullopt;
    }
    const std::string currency = payload.getString("currency");
    if (currency != found->currency) {
        _host.logger().log(sdk::LogLevel::Warning, event + " in " + currency + " for top-up " +
                                                       std::to_string(found->id) + " in " + found->currency +
                                                       ": " + outcome);
        audit(_host, tx, sdk::Actor{0, "system", ""}, "credits.topup_currency_mismatch", *found,
              payload.getString("amountText") + " " + moved + " for a top-up in " + found->currency + ": " +
                  outcome);
        return std::nullopt;
    }
    return found;
}

void TopUps::onPaymentSucceeded(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::string attemptId = payload.getString("attemptId");
    auto found = topUpOfMoney(tx, payload, "payment.succeeded", "received", "not credited");
    if (!found)
        return;
    const std::int64_t now = nowMillis(_host);
    const sdk::Actor system{0, "system", ""};
    const std::int64_t amount = payload.getInt("amountMinor");
    if (amount <= 0)
        return;
    // The receipt as the payment service names it (its own id, once per receipt); its
    // provider payment id when an older payload has none.
    const std::string receipt = payload.has("receiptId") ? payload.get("receiptId").toString()
                                                         : payload.getString("providerPaymentId");

    // Everything below happens under the organization's account lock: a concurrent
    // receipt, debit or refund of the same organization waits for this one.
    CreditAccount account = _ledger.lock(tx, found->organizationId, now);
    TopUp topUp = *byAttempt(tx, attemptId); // as it is now, under the lock
    if (!tx.query("SELECT attempt_id FROM credits_receipts WHERE attempt_id = ? AND receipt_id = ?",
                  {attemptId, receipt})
             .empty())
        return; // this receipt was counted before
    tx.execute(
        "INSERT INTO credits_receipts (attempt_id, receipt_id, amount_minor, created_at) VALUES (?, ?, ?, ?)",
        {attemptId, receipt, amount, now});
    topUp.receivedMinor += amount;
    tx.execute("UPDATE credits_topups SET received_minor = ?, updated_at = ? WHERE id = ?",
               {topUp.receivedMinor, now, topUp.id});

    LedgerEntry entry;
    entry.kind = EntryKind::TopUp;
    entry.topupId = topUp.id;
    entry.attemptId = attemptId;
    entry.createdAt = now;
    entry.actorName = "system";
    if (topUp.state == "credited") {
        // Money beyond a credited pack (a second transfer, an overpayment): at face value.
        entry.amountMinor = amount;
        entry.sourceKey = "topup:" + std::to_string(topUp.id) + ":extra:" + receipt;
        entry.reason = "More received for " + reference(topUp.id) + ": " + money(amount, topUp.currency);
        entry.words = {"credits.reason.moreReceived",
                       {{"topup", std::to_string(topUp.id)}, {"amount", std::to_string(amount)}}};
    } else if (topUp.receivedMinor >= topUp.priceMinor) {
        // The whole price has arrived (even after a failed try: money received is a fact):
        // the pack's credits, and any excess at face value.
        entry.amountMinor = topUp.creditsMinor + (topUp.receivedMinor - topUp.priceMinor);
        entry.sourceKey = "topup:" + std::to_string(topUp.id);
        entry.reason = topUp.packName + " credit pack (" + reference(topUp.id) + ")";
        entry.words = {"credits.reason.pack",
                       {{"pack", topUp.packCode}, {"topup", std::to_string(topUp.id)}}};
    } else {
        audit(_host, tx, system, "credits.topup_part_received", topUp,
              money(amount, topUp.currency) + " received; " + money(topUp.receivedMinor, topUp.currency) +
                  " of " + money(topUp.priceMinor, topUp.currency));
        return;
    }

    auto appended = _ledger.append(tx, account, entry);
    if (!appended) {
        // The entry exists (its receipt was counted under another name): nothing more.
        _host.logger().log(sdk::LogLevel::Warning, "top-up " + std::to_string(topUp.id) + ": entry " +
                                                       entry.sourceKey + " exists already");
        return;
    }
    if (topUp.state != "credited") {
        topUp.state = "credited";
        topUp.entryId = appended->id;
        tx.execute("UPDATE credits_topups SET state = 'credited', entry_id = ?, updated_at = ? WHERE id = ?",
                   {appended->id, now, topUp.id});
    }
    audit(_host, tx, system, "credits.topup", topUp,
          money(appended->amountMinor, topUp.currency) + " credited (" + entry.sourceKey + "); balance " +
              money(account.balanceMinor, topUp.currency));

    _debits.resumeHeld(tx, account);
    _watcher.balanceRose(tx, account);
    sdk::Value topped = sdk::Value::object({{"organizationId", topUp.organizationId},
                                            {"topupId", topUp.id},
                                            {"entryId", appended->id},
                                            {"packName", topUp.packName},
                                            {"creditsMinor", appended->amountMinor},
                                            {"paidMinor", topUp.receivedMinor},
                                            {"currency", topUp.currency},
                                            {"balanceMinor", account.balanceMinor},
                                            {"provider", topUp.provider},
                                            {"origin", topUp.origin},
                                            {"creditsUrl", _host.publicUrl() + "/credits"}});
    sdk::setMessageAmount(topped, "creditsText", {appended->amountMinor, topUp.currency});
    sdk::setMessageAmount(topped, "paidText", {topUp.receivedMinor, topUp.currency});
    sdk::setMessageAmount(topped, "balanceText", {account.balanceMinor, topUp.currency});
    _host.events().publish(tx, "credits.topped_up", topped);
}

void TopUps::onPaymentRefunded(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::string attemptId = payload.getString("attemptId");
    auto found = topUpOfMoney(tx, payload, "payment.refunded", "refunded", "nothing removed");
    if (!found)
        return;
    const std::int64_t now = nowMillis(_host);
    const sdk::Actor system{0, "system", ""};
    const std::int64_t refund =
        payload.has("refundMinor") ? payload.getInt("refundMinor") : payload.getInt("amountMinor");
    if (refund <= 0)
        return;
    const std::string refundId = payload.getString("providerRefundId", payload.get("receiptId").toString());
    const std::string source = "refund:" + attemptId + ":" + refundId;

    CreditAccount account = _ledger.lock(tx, found->organizationId, now);
    TopUp topUp = *byAttempt(tx, attemptId);
    // Once per refund, whether or not it removes credits (the receipt row remembers it:
    // "refund:" before the pack was credited, "refund-credited:" after).
    const std::string before = "refund:" + refundId;
    const std::string after = "refund-credited:" + refundId;
    if (!tx.query("SELECT attempt_id FROM credits_receipts WHERE attempt_id = ? AND receipt_id IN (?, ?)",
                  {attemptId, before, after})
             .empty() ||
        _ledger.entryBySource(tx, source))
        return; // counted before
    // Refunds made since the pack was credited, before this one.
    const std::int64_t refundedBefore =
        -tx.query("SELECT COALESCE(SUM(amount_minor), 0) AS total FROM "
                  "credits_receipts WHERE attempt_id = ? AND receipt_id LIKE ?",
                  {attemptId, "refund-credited:%"})
             .get(0, "total")
             .asInt();
    tx.execute(
        "INSERT INTO credits_receipts (attempt_id, receipt_id, amount_minor, created_at) VALUES (?, ?, ?, ?)",
        {attemptId, topUp.state == "credited" ? after : before, -refund, now});
    if (topUp.state != "credited") {
        // Money given back before the pack was credited: less received, no credits to remove.
        topUp.receivedMinor = std::max<std::int64_t>(0, topUp.receivedMinor - refund);
        tx.execute("UPDATE credits_topups SET received_minor = ?, updated_at = ? WHERE id = ?",
                   {topUp.receivedMinor, now, topUp.id});
        audit(_host, tx, system, "credits.topup_refund", topUp,
              money(refund, topUp.currency) + " refunded before the pack was credited; " +
                  money(topUp.receivedMinor, topUp.currency) + " received now");
        return;
    }

    // Money beyond the price was credited at face value and goes back first; then the
    // pack's credits in proportion to the price refunded.
    const std::int64_t beyond = std::max<std::int64_t>(0, topUp.receivedMinor - topUp.priceMinor);
    const std::int64_t remove =
        creditsRefunded(refundedBefore + refund, beyond, topUp.creditsMinor, topUp.priceMinor) -
        creditsRefunded(refundedBefore, beyond, topUp.creditsMinor, topUp.priceMinor);
    const std::int64_t removable = std::min(remove, account.balanceMinor);
    const std::int64_t shortfall = remove - removable;
    std::string reason = "Refund of " + money(refund, topUp.currency) + " paid for " + reference(topUp.id);
    ReasonWords words{"credits.reason.refund",
                      {{"topup", std::to_string(topUp.id)}, {"amount", std::to_string(refund)}}};
    if (shortfall > 0) {
        reason += "; " + money(shortfall, topUp.currency) +
                  " of credits could not be removed: the balance was " +
                  money(account.balanceMinor, topUp.currency);
        words.key = "credits.reason.refundShort";
        words.fields["shortfall"] = std::to_string(shortfall);
        words.fields["balance"] = std::to_string(account.balanceMinor);
    }

    if (removable > 0) {
        LedgerEntry entry;
        entry.kind = EntryKind::TopUpRefund;
        entry.amountMinor = -removable;
        entry.sourceKey = source;
        entry.topupId = topUp.id;
        entry.attemptId = attemptId;
        entry.reason = reason;
        entry.words = words;
        entry.actorName = "system";
        entry.createdAt = now;
        if (!_ledger.append(tx, account, entry))
            return;
    }
    audit(_host, tx, system, "credits.topup_refund", topUp,
          money(removable, topUp.currency) + " of credits removed. " + reason);
    if (shortfall > 0) {
        _host.logger().log(sdk::LogLevel::Warning, "top-up " + std::to_string(topUp.id) + ": " + reason);
        audit(_host, tx, system, "credits.refund_shortfall", topUp, reason);
    }
    if (removable > 0)
        _watcher.balanceFell(tx, account, false);
}

void TopUps::onPaymentFailed(sdk::Transaction& tx, const sdk::Value& payload)
{
    if (payload.getString("purposeKind") != "topup")
        return;
    const std::string attemptId = payload.getString("attemptId");
    auto found = byAttempt(tx, attemptId);
    if (!found) {
        _host.logger().log(sdk::LogLevel::Warning,
                           "payment.failed for attempt " + attemptId + " of no known top-up: ignored");
        return;
    }
    const std::int64_t now = nowMillis(_host);
    if (tx.execute(
            "UPDATE credits_topups SET state = 'failed', updated_at = ? WHERE id = ? AND state = 'pending'",
            {now, found->id}) == 1)
        audit(_host, tx, sdk::Actor{0, "system", ""}, "credits.topup_failed", *found,
              "payment failed" + (payload.getString("failureCode").empty()
                                      ? std::string()
                                      : " (" + payload.getString("failureCode") + ")"));
}

} // namespace molar::credits
