// Cases paid from credits with the real plugins: cases submits, billing prices the case
// and asks for its price (invoice.credits_due), credits debits the balance or holds the
// case; a top-up resumes held cases oldest first as far as the balance goes; a cancelled
// held case is never debited; the lab gives a debit back once, with a reason.
#include "CreditsPortal.h"

#include "ledger/CreditRefusal.h"

#include <mutex>

using namespace molar;
using namespace molar::test;

namespace {

const std::int64_t kCrown = 45000; // QAR 450.00: the zirconia crown's default price

// A pack of QAR 1,000.00 of credits (two crowns and QAR 100.00 over) beside the shipped packs.
DemoPortal::Settings withTinyPack()
{
    return {{"credits.packs", "starter, growth, practice, group, tiny"},
            {"credits.pack.tiny.name", "Tiny"},
            {"credits.pack.tiny.credits", "1000.00"},
            {"credits.pack.tiny.price", "1000.00"}};
}

// Adds to the balance through the plugin's ledger without resuming anything (as an
// adjustment the lab would make).
void addBalance(CreditsPortal& p, std::int64_t organization, std::int64_t minor, const std::string& key)
{
    p.db().transaction([&](sdk::Transaction& tx) {
        credits::CreditAccount account = p.ledger().lock(tx, organization, p.nowMillis());
        credits::LedgerEntry entry;
        entry.organizationId = organization;
        entry.kind = credits::EntryKind::Adjustment;
        entry.amountMinor = minor;
        entry.currency = "QAR";
        entry.sourceKey = "adjustment:" + key;
        entry.reason = "Opening balance";
        entry.createdAt = p.nowMillis();
        CPPUNIT_ASSERT(p.ledger().append(tx, account, entry));
    });
}

// Payloads of one event, as the plugins publish it.
class Heard
{
public:
    Heard(CreditsPortal& p, const std::string& event)
    {
        p.portal().events().on("credits-test", event, [this](sdk::Transaction&, const sdk::Event& e) {
            std::lock_guard<std::mutex> lock(_mutex);
            _payloads.push_back(e.payload);
        });
    }
    std::vector<sdk::Value> payloads()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _payloads;
    }

private:
    std::mutex _mutex;
    std::vector<sdk::Value> _payloads;
};

std::int64_t debitOf(CreditsPortal& p, std::int64_t caseId)
{
    return p.count(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM credits_ledger WHERE kind = 'debit' AND case_id = ?",
        {caseId});
}
std::int64_t debitsOf(CreditsPortal& p, std::int64_t caseId)
{
    return p.count("SELECT COUNT(*) FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {caseId});
}
std::string holdState(CreditsPortal& p, std::int64_t caseId)
{
    return p.text("SELECT state FROM credits_holds WHERE case_id = ?", {caseId});
}
// The invoice billing asked credits to pay for the case (held or debited).
std::int64_t invoiceOf(CreditsPortal& p, std::int64_t caseId)
{
    const std::int64_t held =
        p.count("SELECT COALESCE(MAX(invoice_id), 0) FROM credits_holds WHERE case_id = ?", {caseId});
    return held ? held
                : p.count("SELECT COALESCE(MAX(invoice_id), 0) FROM credits_ledger WHERE kind = 'debit' AND "
                          "case_id = ?",
                          {caseId});
}
std::string invoiceState(CreditsPortal& p, std::int64_t invoiceId)
{
    return p.text("SELECT state FROM billing_invoices WHERE id = ?", {invoiceId});
}

} // namespace

class CaseDebitsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CaseDebitsTest);
    CPPUNIT_TEST(aCaseIsPaidFromTheBalanceAtTheOrganizationsPrice);
    CPPUNIT_TEST(aCaseTheBalanceCannotPayIsHeldAndTheOwnerTold);
    CPPUNIT_TEST(topUpsResumeHeldCasesOldestFirstAsFarAsTheyGo);
    CPPUNIT_TEST(aCancelledHeldCaseIsNeverDebited);
    CPPUNIT_TEST(theLabGivesADebitBackOnceWithAReason);
    CPPUNIT_TEST(aCasePricedInAnotherCurrencyIsHeldAndQueuesNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void aCaseIsPaidFromTheBalanceAtTheOrganizationsPrice()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        // Pearl's own price for a zirconia crown: QAR 400.00, accepted by its owner.
        auto lab = p.clerk();
        const std::string listPath = "/lab/billing/price-lists/" + std::to_string(pearl);
        const std::string listId = std::to_string(p.count(
            "SELECT COALESCE(MAX(id), 0) FROM billing_price_lists WHERE organization_id = ?", {pearl}));
        Answer saved =
            lab->post(listPath, {{"price-zirconia_crown", "400"}, {"listId", listId}, {"from", "0"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(saved.body, 303, saved.status);
        const std::string acceptedList =
            p.text("SELECT id FROM billing_price_lists WHERE organization_id = ?", {pearl});
        Answer accepted =
            p.pearlOwner()->post("/billing/price-list/accept", {{"listId", acceptedList}, {"version", "1"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted.body, 303, accepted.status);

        p.useCredits(pearl);
        p.toppedUp(pearl, "starter"); // QAR 10,000.00
        const std::int64_t before = p.balance(pearl);
        Heard debited(p, "credits.debited");
        const std::int64_t id = p.submitCase("P-C01");

        CPPUNIT_ASSERT_EQUAL(std::int64_t(-40000), debitOf(p, id));
        CPPUNIT_ASSERT_EQUAL(before - 40000, p.balance(pearl));
        p.assertBalanced(pearl);
        CPPUNIT_ASSERT_EQUAL(std::string(), holdState(p, id));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), p.status(id));
        // Billing recorded the case's invoice paid from the entry, in the same transaction.
        const auto entry = p.db().query("SELECT id, invoice_id, case_number, source_key FROM credits_ledger "
                                        "WHERE kind = 'debit' AND case_id = ?",
                                        {id});
        const std::int64_t invoiceId = entry.get(0, "invoice_id").asInt();
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(p, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            pearl, p.count("SELECT organization_id FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000),
                             p.count("SELECT paid_minor FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(p.number(id), entry.get(0, "case_number").toString());
        CPPUNIT_ASSERT_EQUAL("debit:invoice:" + std::to_string(invoiceId),
                             entry.get(0, "source_key").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.debit", std::to_string(id)));
        const auto heard = debited.payloads();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), heard.size());
        CPPUNIT_ASSERT_EQUAL(entry.get(0, "id").asInt(), heard[0].getInt("entryId"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 400.00"), heard[0].getString("amountText"));
        CPPUNIT_ASSERT_EQUAL(before - 40000, heard[0].getInt("balanceMinor"));

        // The same request again (a replay) debits nothing and says nothing.
        p.db().transaction([&](sdk::Transaction& tx) {
            p.portal().events().publish(tx, "invoice.credits_due",
                                        sdk::Value::object({{"invoiceId", invoiceId},
                                                            {"caseId", id},
                                                            {"number", p.number(id)},
                                                            {"organizationId", pearl},
                                                            {"ownerUserId", p.pearlOwnerId()},
                                                            {"amountMinor", 40000},
                                                            {"currency", "QAR"},
                                                            {"productName", "Zirconia crown"},
                                                            {"actorUserId", 0}}));
        });
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), debitsOf(p, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), debited.payloads().size());
        CPPUNIT_ASSERT_EQUAL(before - 40000, p.balance(pearl));
        p.assertBalanced(pearl);

        // Another organization's case in another billing mode never reaches the balance.
        const std::int64_t smileCase = p.submitCase("S-C01", true);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), debitsOf(p, smileCase));
        CPPUNIT_ASSERT_EQUAL(std::string(), holdState(p, smileCase));
    }

    void aCaseTheBalanceCannotPayIsHeldAndTheOwnerTold()
    {
        // No email plugin in the suite: the host logs email and queues the messages all the same.
        CreditsPortal p({{"notifications.logChannels", "email"}});
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        addBalance(p, pearl, kCrown - 1, "short");
        Heard held(p, "credits.case_held");
        const std::int64_t id = p.submitCase("P-C02");

        CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), debitsOf(p, id));
        CPPUNIT_ASSERT_EQUAL(kCrown - 1, p.balance(pearl));
        p.assertBalanced(pearl);
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), p.status(id));
        CPPUNIT_ASSERT_EQUAL(kCrown,
                             p.count("SELECT amount_minor FROM credits_holds WHERE case_id = ?", {id}));
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), invoiceState(p, invoiceOf(p, id)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.case_held", std::to_string(id)));
        const auto heard = held.payloads();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), heard.size());
        CPPUNIT_ASSERT_EQUAL(pearl, heard[0].getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(id, heard[0].getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(p.number(id), heard[0].getString("number"));
        CPPUNIT_ASSERT_EQUAL(p.userOf("dentist@pearl.example"), heard[0].getInt("ownerUserId")); // the case's
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 450.00"), heard[0].getString("amountText"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 449.99"), heard[0].getString("balanceText"));
        CPPUNIT_ASSERT_EQUAL("/cases/" + std::to_string(id), heard[0].getString("casePath"));
        CPPUNIT_ASSERT(heard[0].getString("creditsUrl").size() > std::string("/credits").size());
        // The owner is told, by the notification rules of the credits plugin.
        CPPUNIT_ASSERT(
            p.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'credits_case_held' AND "
                    "user_id = ?",
                    {p.pearlOwnerId()}) > 0);

        // The lab's held list names it; a second organization's list does not.
        credits::CaseDebits debits(p.testHost(), p.ledger(), _watcher);
        const auto pearlHeld = debits.held(p.db(), pearl);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pearlHeld.size());
        CPPUNIT_ASSERT_EQUAL(id, pearlHeld[0].caseId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), debits.held(p.db(), 0).size());
        CPPUNIT_ASSERT(debits.held(p.db(), p.smile()).empty());
        CPPUNIT_ASSERT(debits.hasHeld(p.db(), pearl));
    }

    void topUpsResumeHeldCasesOldestFirstAsFarAsTheyGo()
    {
        CreditsPortal p(withTinyPack());
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        Heard resumed(p, "credits.case_resumed");
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 3; ++i) {
            p.clock.advance(std::chrono::seconds(1));
            ids.push_back(p.submitCase("P-R0" + std::to_string(i)));
            CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, ids.back()));
        }

        // QAR 1,000.00 pays the two oldest; the third waits.
        p.toppedUp(pearl, "tiny");
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"), holdState(p, ids[0]));
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"), holdState(p, ids[1]));
        CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, ids[2]));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000 - 2 * kCrown), p.balance(pearl));
        p.assertBalanced(pearl);
        CPPUNIT_ASSERT(
            p.count("SELECT id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {ids[0]}) <
            p.count("SELECT id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {ids[1]}));
        for (int i = 0; i < 2; ++i) {
            CPPUNIT_ASSERT_EQUAL(std::string("received"), p.status(ids[i])); // back where it was
            CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(p, invoiceOf(p, ids[i])));
            CPPUNIT_ASSERT_EQUAL(
                p.count("SELECT id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {ids[i]}),
                p.count("SELECT entry_id FROM credits_holds WHERE case_id = ?", {ids[i]}));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.case_resumed", std::to_string(ids[i])));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), p.status(ids[2]));
        auto heard = resumed.payloads();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), heard.size());
        CPPUNIT_ASSERT_EQUAL(ids[0], heard[0].getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(ids[1], heard[1].getInt("caseId"));

        // The balance now covers a crown, but the third case was first: a new case waits
        // behind it instead of taking the credit.
        addBalance(p, pearl, kCrown, "enough-for-one");
        p.clock.advance(std::chrono::seconds(1));
        const std::int64_t newer = p.submitCase("P-R03");
        CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, newer));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), debitsOf(p, newer));
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), p.status(newer));

        // The next top-up pays both, the older first.
        p.toppedUp(pearl, "tiny");
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"), holdState(p, ids[2]));
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"), holdState(p, newer));
        CPPUNIT_ASSERT(
            p.count("SELECT id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {ids[2]}) <
            p.count("SELECT id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {newer}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000 - 2 * kCrown + kCrown + 100000 - 2 * kCrown),
                             p.balance(pearl));
        p.assertBalanced(pearl);
        heard = resumed.payloads();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), heard.size());
        CPPUNIT_ASSERT_EQUAL(ids[2], heard[2].getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(newer, heard[3].getInt("caseId"));
        for (std::int64_t id : {ids[0], ids[1], ids[2], newer})
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1), debitsOf(p, id));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), p.status(newer));
    }

    void aCancelledHeldCaseIsNeverDebited()
    {
        CreditsPortal p(withTinyPack());
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        const std::int64_t first = p.submitCase("P-X01");
        p.clock.advance(std::chrono::seconds(1));
        const std::int64_t second = p.submitCase("P-X02");
        CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, first));

        const Answer cancelled = p.pearlOwner()->post("/cases/" + std::to_string(first) + "/actions/cancel",
                                                      {{"reason", "Patient moved away"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(cancelled.body, 303, cancelled.status);
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), p.status(first));
        CPPUNIT_ASSERT_EQUAL(std::string("canceled"), holdState(p, first));

        p.toppedUp(pearl, "tiny");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), debitsOf(p, first));
        CPPUNIT_ASSERT_EQUAL(std::string("canceled"), holdState(p, first));
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), p.status(first));
        // The cancelled case held no place in the queue: the next one was paid.
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"), holdState(p, second));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000 - kCrown), p.balance(pearl));
        p.assertBalanced(pearl);
    }

    void theLabGivesADebitBackOnceWithAReason()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        addBalance(p, pearl, kCrown, "one-crown");
        const std::int64_t paid = p.submitCase("P-D01");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), debitsOf(p, paid));
        p.clock.advance(std::chrono::seconds(1));
        const std::int64_t waiting = p.submitCase("P-D02");
        CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, waiting));
        const std::int64_t invoiceId =
            p.count("SELECT invoice_id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {paid});

        credits::CaseDebits debits(p.testHost(), p.ledger(), _watcher);
        const sdk::Actor clerk{p.userOf("billing@lab.example"), "Billing clerk", "127.0.0.1"};
        auto refused = [&](std::int64_t organization, std::int64_t invoice, const std::string& reason) {
            try {
                debits.returnDebit(organization, invoice, reason, clerk);
            } catch (const credits::CreditRefusal& refusal) {
                return refusal.status();
            }
            return 0;
        };
        CPPUNIT_ASSERT_EQUAL(400, refused(pearl, invoiceId, "  "));
        CPPUNIT_ASSERT_EQUAL(404, refused(p.smile(), invoiceId, "Remade at our cost")); // another org's debit
        CPPUNIT_ASSERT_EQUAL(404, refused(pearl, invoiceId + 1000, "Remade at our cost"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.balance(pearl)); // refusals moved nothing

        Heard returned(p, "credits.debit_returned");
        const credits::LedgerEntry entry = debits.returnDebit(pearl, invoiceId, "Remade at our cost", clerk);
        CPPUNIT_ASSERT_EQUAL(std::string("debit_return"), entry.kind);
        CPPUNIT_ASSERT_EQUAL(kCrown, entry.amountMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("Remade at our cost"), entry.reason);
        CPPUNIT_ASSERT_EQUAL(clerk.userId, entry.actorUserId);
        CPPUNIT_ASSERT_EQUAL("return:invoice:" + std::to_string(invoiceId), entry.sourceKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.debit_returned", std::to_string(paid)));
        const auto heard = returned.payloads();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), heard.size());
        CPPUNIT_ASSERT_EQUAL(invoiceId, heard[0].getInt("invoiceId"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 450.00"), heard[0].getString("amountText"));
        CPPUNIT_ASSERT_EQUAL(std::string("Remade at our cost"), heard[0].getString("reason"));
        // The credit given back paid the case that waited for it.
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"), holdState(p, waiting));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), p.status(waiting));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.balance(pearl));
        p.assertBalanced(pearl);

        // Once per invoice.
        CPPUNIT_ASSERT_EQUAL(409, refused(pearl, invoiceId, "Again"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(pearl, "debit_return"));
        p.assertBalanced(pearl);
    }

    void aCasePricedInAnotherCurrencyIsHeldAndQueuesNothing()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        // A case of an organization not paying by credits, asked for in dollars by mistake.
        const std::int64_t odd = p.submitCase("P-U01");
        addBalance(p, pearl, 10 * kCrown, "ten-crowns");
        p.db().transaction([&](sdk::Transaction& tx) {
            p.portal().events().publish(tx, "invoice.credits_due",
                                        sdk::Value::object({{"invoiceId", 987654},
                                                            {"caseId", odd},
                                                            {"number", p.number(odd)},
                                                            {"organizationId", pearl},
                                                            {"ownerUserId", p.pearlOwnerId()},
                                                            {"amountMinor", 12300},
                                                            {"currency", "USD"},
                                                            {"productName", "Zirconia crown"},
                                                            {"actorUserId", 0}}));
        });
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), debitsOf(p, odd));
        CPPUNIT_ASSERT_EQUAL(std::string("held"), holdState(p, odd));
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"), p.status(odd));
        CPPUNIT_ASSERT_EQUAL(10 * kCrown, p.balance(pearl));
        // The timeline says why, the dollars in its reader's form (an amount, not English text).
        const std::string oddPage = "/cases/" + std::to_string(odd);
        MOLAR_ASSERT_CONTAINS("priced in another currency than the credits (" +
                                  p.portal().locales().money({12300, "USD"}, "en") + ")",
                              p.pearlOwner()->get(oddPage).body);
        p.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'owner@pearl.example'");
        MOLAR_ASSERT_CONTAINS(p.portal().locales().money({12300, "USD"}, "ar"),
                              p.pearlOwner()->get(oddPage).body);
        p.db().execute("UPDATE molar_users SET language = 'en' WHERE email = 'owner@pearl.example'");

        // Pearl's next cases by credits are paid: no top-up could ever pay dollars.
        p.useCredits(pearl);
        const std::int64_t next = p.submitCase("P-U02");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), debitsOf(p, next));
        CPPUNIT_ASSERT_EQUAL(9 * kCrown, p.balance(pearl));
        p.assertBalanced(pearl);

        // A malformed request changes nothing and refuses nothing.
        p.db().transaction([&](sdk::Transaction& tx) {
            p.portal().events().publish(tx, "invoice.credits_due",
                                        sdk::Value::object({{"invoiceId", 987655},
                                                            {"caseId", next},
                                                            {"organizationId", pearl},
                                                            {"amountMinor", -5},
                                                            {"currency", "QAR"}}));
        });
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), debitsOf(p, next));
        CPPUNIT_ASSERT_EQUAL(9 * kCrown, p.balance(pearl));
    }

private:
    UnusedWatcher _watcher;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CaseDebitsTest);
