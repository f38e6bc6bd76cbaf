#include "debits/CaseDebits.h"

#include "ledger/BalanceWatcher.h"
#include "ledger/CreditRefusal.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

#include <chrono>

namespace molar::credits {

namespace {

constexpr const char* kHoldColumns = "case_id, organization_id, invoice_id, case_number, owner_user_id, "
                                     "amount_minor, currency, state, held_at, resumed_at, entry_id";

std::int64_t nowMs(sdk::Host& host)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.clock().now().time_since_epoch())
        .count();
}

std::string money(std::int64_t minor, const std::string& currency)
{
    return sdk::formatMoney({minor, currency});
}

std::string debitSource(std::int64_t invoiceId)
{
    return "debit:invoice:" + std::to_string(invoiceId);
}

HeldCase heldCaseAt(const sdk::ResultSet& rows, std::size_t i)
{
    HeldCase h;
    h.caseId = rows.get(i, "case_id").asInt();
    h.organizationId = rows.get(i, "organization_id").asInt();
    h.invoiceId = rows.get(i, "invoice_id").asInt();
    h.caseNumber = rows.get(i, "case_number").toString();
    h.ownerUserId = rows.get(i, "owner_user_id").asInt();
    h.amountMinor = rows.get(i, "amount_minor").asInt();
    h.currency = rows.get(i, "currency").toString();
    h.state = rows.get(i, "state").toString();
    h.heldAt = rows.get(i, "held_at").asInt();
    h.resumedAt = rows.get(i, "resumed_at").asInt();
    h.entryId = rows.get(i, "entry_id").asInt();
    return h;
}

std::vector<HeldCase> heldCases(const sdk::ResultSet& rows)
{
    std::vector<HeldCase> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(heldCaseAt(rows, i));
    return out;
}

std::string casePath(std::int64_t caseId)
{
    return "/cases/" + std::to_string(caseId);
}

} // namespace

CaseDebits::CaseDebits(sdk::Host& host, const CreditLedger& ledger, BalanceWatcher& watcher)
    : _host(host), _ledger(ledger), _watcher(watcher)
{
}

void CaseDebits::onCreditsDue(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t org = payload.getInt("organizationId");
    const std::int64_t invoiceId = payload.getInt("invoiceId");
    const std::int64_t caseId = payload.getInt("caseId");
    const std::int64_t amount = payload.getInt("amountMinor");
    const std::string currency = payload.getString("currency");
    const std::string number = payload.getString("number");
    // A malformed event debits nothing; throwing would refuse the lab the case itself.
    if (org <= 0 || invoiceId <= 0 || caseId <= 0 || amount <= 0) {
        _host.logger().error("invoice.credits_due ignored: organizationId, invoiceId, caseId and a positive "
                             "amountMinor are required (invoice " +
                             std::to_string(invoiceId) + ", case " + std::to_string(caseId) + ")");
        return;
    }
    const std::int64_t now = nowMs(_host);
    CreditAccount locked = _ledger.lock(tx, org, now);
    // A replay: the invoice was debited, or the case is (or was) held.
    if (_ledger.entryBySource(tx, debitSource(invoiceId)))
        return;
    if (!tx.query("SELECT case_id FROM credits_holds WHERE case_id = ?", {caseId}).empty())
        return;
    const std::int64_t ownerUserId = payload.getInt("ownerUserId");
    const sdk::Actor actor = sdk::Actor::system("invoice.credits_due");

    auto insertHold = [&] {
        tx.execute(std::string("INSERT INTO credits_holds (") + kHoldColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, 'held', ?, 0, 0)",
                   {caseId, org, invoiceId, number, ownerUserId, amount, currency, now});
    };
    auto moveToAwaitCredit = [&](const std::string& reason, const std::string& reasonKey) {
        try {
            _host.events().publish(
                tx, "case.move",
                sdk::Value::object(
                    {{"caseId", caseId},
                     {"action", "await_credit"},
                     {"actorUserId", 0},
                     {"reason", reason},
                     {"reasonKey", reasonKey},
                     {"reasonFields",
                      sdk::Value::object({{"amount", sdk::messageAmount({amount, currency})}})}}));
        } catch (const sdk::HttpError& refused) {
            // The cases plugin refused the move: the case goes on, still held here, so it
            // is debited when a top-up reaches it.
            _host.logger().error("case " + number + " held for credit but not moved: " + refused.what());
        }
    };

    // Priced in another currency than the balance's (a configuration error): the balance
    // cannot pay it, and no top-up ever will; the lab settles it by hand.
    if (currency != _ledger.currency()) {
        _host.logger().error("case " + number + " (invoice " + std::to_string(invoiceId) + ") is priced in " +
                             currency + ", the credits are in " + _ledger.currency() + ": held, not debited");
        insertHold();
        moveToAwaitCredit("Priced in " + currency + ", credits are in " + _ledger.currency(),
                          "credits.move.currencyMismatch");
        _host.audit().record(
            tx, actor,
            {"credits.case_held", "case", std::to_string(caseId), org,
             number + ": " + money(amount, currency) + " in another currency than " + _ledger.currency()});
        return;
    }

    if (hasHeld(tx, org) || locked.balanceMinor < amount) {
        insertHold();
        moveToAwaitCredit("Awaiting credit", "credits.move.held");
        const std::string amountText = money(amount, currency);
        const std::string balanceText = money(locked.balanceMinor, currency);
        sdk::Value held = sdk::Value::object({{"organizationId", org},
                                              {"caseId", caseId},
                                              {"number", number},
                                              {"ownerUserId", ownerUserId},
                                              {"amountMinor", amount},
                                              {"casePath", casePath(caseId)},
                                              {"creditsUrl", _host.publicUrl() + "/credits"}});
        sdk::setMessageAmount(held, "amountText", {amount, currency});
        sdk::setMessageAmount(held, "balanceText", {locked.balanceMinor, currency});
        _host.events().publish(tx, "credits.case_held", held);
        _host.audit().record(tx, actor,
                             {"credits.case_held", "case", std::to_string(caseId), org,
                              number + ": " + amountText + " due, balance " + balanceText});
        _watcher.balanceFell(tx, locked, true);
        return;
    }

    LedgerEntry entry;
    entry.organizationId = org;
    entry.kind = EntryKind::Debit;
    entry.amountMinor = -amount;
    entry.currency = currency;
    entry.sourceKey = debitSource(invoiceId);
    entry.caseId = caseId;
    entry.caseNumber = number;
    entry.invoiceId = invoiceId;
    // The user by id only: a name looked up here would take a second connection while this
    // transaction holds the database's write lock (SQLite), which many receptions at once exhaust.
    entry.actorUserId = payload.getInt("actorUserId");
    entry.createdAt = now;
    const auto made = _ledger.append(tx, locked, entry);
    if (!made)
        return;
    publishDebited(tx, *made);
    _host.audit().record(
        tx, actor,
        {"credits.debit", "case", std::to_string(caseId), org,
         number + ": " + money(amount, currency) + ", balance " + money(locked.balanceMinor, currency)});
    _watcher.balanceFell(tx, locked, false);
}

void CaseDebits::publishDebited(sdk::Transaction& tx, const LedgerEntry& entry)
{
    sdk::Value debited = sdk::Value::object({{"organizationId", entry.organizationId},
                                             {"invoiceId", entry.invoiceId},
                                             {"caseId", entry.caseId},
                                             {"number", entry.caseNumber},
                                             {"entryId", entry.id},
                                             {"amountMinor", -entry.amountMinor},
                                             {"currency", entry.currency},
                                             {"balanceMinor", entry.balanceAfterMinor}});
    sdk::setMessageAmount(debited, "amountText", {-entry.amountMinor, entry.currency});
    sdk::setMessageAmount(debited, "balanceText", {entry.balanceAfterMinor, entry.currency});
    _host.events().publish(tx, "credits.debited", debited);
}

void CaseDebits::resumeHeld(sdk::Transaction& tx, CreditAccount& locked)
{
    const auto waiting = heldCases(tx.query(std::string("SELECT ") + kHoldColumns +
                                                " FROM credits_holds WHERE organization_id = ? AND state = "
                                                "'held' AND currency = ? ORDER BY held_at, case_id",
                                            {locked.organizationId, _ledger.currency()}));
    const sdk::Actor actor = sdk::Actor::system("credits.resume");
    for (const HeldCase& hold : waiting) {
        // Oldest first, and never past one the balance cannot pay: a newer case never
        // takes the credit an older one waits for.
        if (locked.balanceMinor < hold.amountMinor)
            break;
        const std::int64_t now = nowMs(_host);
        // Claimed before the debit: a cancellation that ended the hold meanwhile wins.
        if (tx.execute("UPDATE credits_holds SET state = 'resumed', resumed_at = ? WHERE case_id = ? AND "
                       "state = 'held'",
                       {now, hold.caseId}) != 1)
            continue;
        LedgerEntry entry;
        entry.organizationId = hold.organizationId;
        entry.kind = EntryKind::Debit;
        entry.amountMinor = -hold.amountMinor;
        entry.currency = hold.currency;
        entry.sourceKey = debitSource(hold.invoiceId);
        entry.caseId = hold.caseId;
        entry.caseNumber = hold.caseNumber;
        entry.invoiceId = hold.invoiceId;
        entry.createdAt = now;
        const auto made = _ledger.append(tx, locked, entry);
        const auto debit = made ? made : _ledger.entryBySource(tx, entry.sourceKey);
        tx.execute("UPDATE credits_holds SET entry_id = ? WHERE case_id = ?",
                   {debit ? debit->id : 0, hold.caseId});
        if (made)
            publishDebited(tx, *made);
        const std::string amountText = money(hold.amountMinor, hold.currency);
        const std::string balanceText = money(locked.balanceMinor, hold.currency);
        try {
            _host.events().publish(
                tx, "case.move",
                sdk::Value::object(
                    {{"caseId", hold.caseId},
                     {"action", "credit_arrived"},
                     {"actorUserId", 0},
                     {"reason", "Credit arrived"},
                     {"reasonKey", "credits.move.resumed"},
                     {"reasonFields",
                      sdk::Value::object(
                          {{"amount", sdk::messageAmount({hold.amountMinor, hold.currency})}})}}));
        } catch (const sdk::HttpError& refused) {
            // The case left awaiting_credit some other way; it is paid all the same.
            _host.logger().warning("case " + hold.caseNumber +
                                   " paid from credits but not moved: " + refused.what());
        }
        sdk::Value resumed = sdk::Value::object({{"organizationId", hold.organizationId},
                                                 {"caseId", hold.caseId},
                                                 {"number", hold.caseNumber},
                                                 {"ownerUserId", hold.ownerUserId},
                                                 {"casePath", casePath(hold.caseId)}});
        sdk::setMessageAmount(resumed, "amountText", {hold.amountMinor, hold.currency});
        sdk::setMessageAmount(resumed, "balanceText", {locked.balanceMinor, hold.currency});
        _host.events().publish(tx, "credits.case_resumed", resumed);
        _host.audit().record(tx, actor,
                             {"credits.case_resumed", "case", std::to_string(hold.caseId),
                              hold.organizationId,
                              hold.caseNumber + ": " + amountText + " debited, balance " + balanceText});
    }
}

void CaseDebits::onCaseCancelled(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    if (caseId <= 0)
        return;
    const auto rows = tx.query(
        "SELECT organization_id, case_number FROM credits_holds WHERE case_id = ? AND state = 'held'",
        {caseId});
    if (rows.empty())
        return;
    // The account first, as a top-up takes it before the holds: the two never wait on each
    // other in opposite orders.
    const std::int64_t organizationId = rows.get(0, "organization_id").asInt();
    CreditAccount locked = _ledger.lock(tx, organizationId, nowMs(_host));
    if (tx.execute(
            "UPDATE credits_holds SET state = 'canceled', resumed_at = ? WHERE case_id = ? AND state = "
            "'held'",
            {nowMs(_host), caseId}) != 1)
        return;
    _host.audit().record(tx, sdk::Actor::system("case.cancelled"),
                         {"credits.hold_canceled", "case", std::to_string(caseId), organizationId,
                          rows.get(0, "case_number").toString() + ": cancelled while awaiting credit"});
    // The cases queued behind it go on as far as the balance pays them.
    resumeHeld(tx, locked);
    _watcher.balanceRose(tx, locked);
}

LedgerEntry CaseDebits::returnDebit(std::int64_t organizationId, std::int64_t invoiceId,
                                    const std::string& reason, const sdk::Actor& actor)
{
    const auto first = reason.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        throw CreditRefusal(400, "credits.error.reasonRequired");
    const std::string why = reason.substr(first, reason.find_last_not_of(" \t\r\n") - first + 1);
    if (why.size() > 500)
        throw CreditRefusal(400, "credits.error.reasonTooLong");

    LedgerEntry returned;
    _host.database().transaction([&](sdk::Transaction& tx) {
        const auto debit = _ledger.entryBySource(tx, debitSource(invoiceId));
        if (!debit || debit->organizationId != organizationId || debit->kind != EntryKind::Debit)
            throw CreditRefusal(404, "credits.error.debitNotFound");
        CreditAccount locked = _ledger.lock(tx, organizationId, nowMs(_host));
        LedgerEntry entry;
        entry.organizationId = organizationId;
        entry.kind = EntryKind::DebitReturn;
        entry.amountMinor = -debit->amountMinor;
        entry.currency = debit->currency;
        entry.sourceKey = "return:invoice:" + std::to_string(invoiceId);
        entry.caseId = debit->caseId;
        entry.caseNumber = debit->caseNumber;
        entry.invoiceId = invoiceId;
        entry.reason = why;
        entry.actorUserId = actor.userId;
        entry.actorName = actor.label;
        entry.createdAt = nowMs(_host);
        const auto made = _ledger.append(tx, locked, entry);
        if (!made)
            throw CreditRefusal(409, "credits.error.debitAlreadyReturned");
        returned = *made;
        const std::string amountText = money(made->amountMinor, made->currency);
        sdk::Value back = sdk::Value::object({{"organizationId", organizationId},
                                              {"invoiceId", invoiceId},
                                              {"caseId", made->caseId},
                                              {"number", made->caseNumber},
                                              {"entryId", made->id},
                                              {"amountMinor", made->amountMinor},
                                              {"currency", made->currency},
                                              {"reason", why}});
        sdk::setMessageAmount(back, "amountText", {made->amountMinor, made->currency});
        _host.events().publish(tx, "credits.debit_returned", back);
        _host.audit().record(tx, actor,
                             {"credits.debit_returned", "case", std::to_string(made->caseId), organizationId,
                              made->caseNumber + ": " + amountText + " returned (" + why + ")"});
        resumeHeld(tx, locked);
        _watcher.balanceRose(tx, locked);
    });
    return returned;
}

std::vector<HeldCase> CaseDebits::held(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    const std::string select =
        std::string("SELECT ") + kHoldColumns + " FROM credits_holds WHERE state = 'held'";
    if (organizationId == 0)
        return heldCases(db.query(select + " ORDER BY held_at, case_id"));
    return heldCases(
        db.query(select + " AND organization_id = ? ORDER BY held_at, case_id", {organizationId}));
}

bool CaseDebits::hasHeld(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    // Only what a top-up can pay queues the cases behind it (not a case priced in another currency).
    return !db.query("SELECT case_id FROM credits_holds WHERE organization_id = ? AND state = 'held' AND "
                     "currency = ? LIMIT 1",
                     {organizationId, _ledger.currency()})
                .empty();
}

} // namespace molar::credits
