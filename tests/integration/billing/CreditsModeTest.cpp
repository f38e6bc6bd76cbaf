// Billing mode credits with the real host and the cases plugin, the test standing in for
// the credits plugin (it answers invoice.credits_due and publishes the credits events as
// that plugin does): a case is drafted at its organization's price and asked for in its
// submission transaction (one without a price at its quote's, when accepted), paid once
// however often credits.debited comes, told as paid (never "an invoice to pay"), voided
// when cancelled unpaid, never invoiced again when delivered; a top-up moves an organization to credits
// unless the lab chose its mode; an event naming another organization's invoice changes nothing.
#include "InvoicePortal.h"

#include "modes/CreditsInvoicing.h"

#include <mutex>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

std::int64_t count(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    return cases.db().query(sql, params).row(0).at(0).asInt();
}

std::string text(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    auto rows = cases.db().query(sql, params);
    return rows.empty() ? std::string() : rows.row(0).at(0).toString();
}

// Waits until the outbox has no job it could run now.
void settle(CasesPortal& cases)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        const std::int64_t now = host::millisSinceEpoch(cases.clock.now());
        if (count(cases,
                  "SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND run_at "
                  "<= ?)",
                  {now}) == 0)
            return;
        CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                               std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// What the credits plugin does with invoice.credits_due, reduced to a balance: debits
// it in the same transaction when it covers the amount (credits.debited), else holds
// nothing and publishes nothing. Records what it saw inside the transaction.
class CreditsStandIn
{
public:
    struct Due
    {
        sdk::Value payload;
        std::string rowState;     // billing_credit_cases' state, read in the publishing transaction
        std::string invoiceState; // the invoice's, likewise
    };

    CreditsStandIn(CasesPortal& cases, std::int64_t balanceMinor) : _cases(cases), _balance(balanceMinor)
    {
        cases.portal().events().on(
            "credits-test", "invoice.credits_due",
            [this](sdk::Transaction& tx, const sdk::Event& event) { onDue(tx, event); });
        cases.portal().events().on("credits-test", "invoice.paid",
                                   [this](sdk::Transaction&, const sdk::Event& event) {
                                       std::lock_guard<std::mutex> lock(_mutex);
                                       _paid.push_back(event.payload);
                                   });
    }

    std::vector<Due> dues()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _dues;
    }
    std::vector<sdk::Value> paid()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _paid;
    }

    // A credits event published in a transaction of its own, as the credits plugin would.
    void publish(const std::string& event, const sdk::Value& payload)
    {
        _cases.db().transaction(
            [&](sdk::Transaction& tx) { _cases.portal().events().publish(tx, event, payload); });
    }

    static sdk::Value debited(std::int64_t organizationId, std::int64_t invoiceId, std::int64_t caseId,
                              std::int64_t entryId, std::int64_t amountMinor)
    {
        return sdk::Value::object({{"organizationId", organizationId},
                                   {"invoiceId", invoiceId},
                                   {"caseId", caseId},
                                   {"number", ""},
                                   {"entryId", entryId},
                                   {"amountMinor", amountMinor},
                                   {"currency", "QAR"},
                                   {"amountText", sdk::formatMoney({amountMinor, "QAR"})},
                                   {"balanceMinor", 0},
                                   {"balanceText", "QAR 0.00"}});
    }

private:
    void onDue(sdk::Transaction& tx, const sdk::Event& event)
    {
        const std::int64_t invoiceId = event.payload.getInt("invoiceId");
        Due due;
        due.payload = event.payload;
        auto row = tx.query("SELECT state FROM billing_credit_cases WHERE invoice_id = ?", {invoiceId});
        due.rowState = row.empty() ? "" : row.get(0, "state").toString();
        auto invoice = tx.query("SELECT state FROM billing_invoices WHERE id = ?", {invoiceId});
        due.invoiceState = invoice.empty() ? "" : invoice.get(0, "state").toString();
        const std::int64_t amount = event.payload.getInt("amountMinor");
        std::int64_t entry = 0;
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _dues.push_back(due);
            if (amount > _balance)
                return; // the credits plugin would hold the case
            _balance -= amount;
            entry = ++_entries;
        }
        _cases.portal().events().publish(tx, "credits.debited",
                                         debited(event.payload.getInt("organizationId"), invoiceId,
                                                 event.payload.getInt("caseId"), entry, amount));
    }

    CasesPortal& _cases;
    std::mutex _mutex;
    std::int64_t _balance;
    std::int64_t _entries = 0;
    std::vector<Due> _dues;
    std::vector<sdk::Value> _paid;
};

} // namespace

class CreditsModeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CreditsModeTest);
    CPPUNIT_TEST(aCreditsCaseIsPaidFromCreditsOnceAndNeverInvoicedAgain);
    CPPUNIT_TEST(aCaseTheBalanceCannotPayWaitsAndIsVoidedWhenCancelled);
    CPPUNIT_TEST(aCaseWithoutAPriceIsAskedForAtItsAcceptedQuotesPrice);
    CPPUNIT_TEST(creditsEventsOfAnotherOrganizationChangeNothing);
    CPPUNIT_TEST(aDebitGivenBackIsRefundedOnTheInvoiceOnce);
    CPPUNIT_TEST(aTopUpMovesAnUnsetModeToCreditsButNeverALabSetOne);
    CPPUNIT_TEST_SUITE_END();

    static DemoPortal::Settings settings()
    {
        return {{"plugins.enabled", "cases, billing"}, {"notifications.logChannels", "email"}};
    }
    static std::int64_t organizationOf(CasesPortal& cases, const std::string& email)
    {
        return count(cases, "SELECT organization_id FROM molar_users WHERE email = ?", {email});
    }
    static void setMode(CasesPortal& cases, std::int64_t organizationId, const std::string& mode)
    {
        const Answer answer =
            cases.labAdmin()->post("/lab/billing/accounts/" + std::to_string(organizationId),
                                   {{"mode", mode}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }
    // Pearl's own crown price, QAR 400.00, proposed by the lab and accepted by its owner.
    static void agreePearlCrownPrice(CasesPortal& cases, std::int64_t pearl)
    {
        const std::string path = "/lab/billing/price-lists/" + std::to_string(pearl);
        const Answer saved =
            cases.labAdmin()->post(path, {{"listId", "0"}, {"from", "0"}, {"price-zirconia_crown", "400"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(saved.body, 303, saved.status);
        const std::int64_t list =
            count(cases, "SELECT id FROM billing_price_lists WHERE organization_id = ?", {pearl});
        const Answer accepted = cases.pearlOwner()->post(
            "/billing/price-list/accept", {{"listId", std::to_string(list)}, {"version", "1"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted.body, 303, accepted.status);
    }
    static std::int64_t submitted(CasesPortal& cases, HttpBrowser& dentist, const std::string& patientRef,
                                  const std::string& owner = "owner@pearl.example")
    {
        const std::int64_t id = cases.completeCrownDraft(dentist, patientRef, owner);
        cases.submit(dentist, id);
        return id;
    }
    static void act(CasesPortal& cases, std::int64_t caseId, const std::vector<std::string>& actions,
                    const std::string& reason = "")
    {
        auto admin = cases.labAdmin();
        for (const auto& action : actions) {
            const Answer answer = admin->post("/cases/" + std::to_string(caseId) + "/actions/" + action,
                                              reason.empty() ? Form{} : Form{{"reason", reason}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action + ": " + answer.body, 303, answer.status);
        }
    }
    static std::vector<std::string> toldBy(CasesPortal& cases, const std::string& rule)
    {
        settle(cases);
        auto rows = cases.db().query("SELECT u.email FROM molar_notifications n JOIN molar_users u ON "
                                     "u.id = n.user_id WHERE n.rule = ? ORDER BY n.id",
                                     {rule});
        std::vector<std::string> out;
        for (std::size_t r = 0; r < rows.size(); ++r)
            out.push_back(rows.get(r, "email").toString());
        return out;
    }
    static std::int64_t invoiceOf(CasesPortal& cases, std::int64_t caseId)
    {
        return count(cases, "SELECT id FROM billing_invoices WHERE case_id = ?", {caseId});
    }
    static std::string invoiceState(CasesPortal& cases, std::int64_t invoiceId)
    {
        return text(cases, "SELECT state FROM billing_invoices WHERE id = ?", {invoiceId});
    }
    static std::int64_t payments(CasesPortal& cases, std::int64_t invoiceId)
    {
        return count(cases, "SELECT COUNT(*) FROM billing_invoice_payments WHERE invoice_id = ?",
                     {invoiceId});
    }

public:
    void aCreditsCaseIsPaidFromCreditsOnceAndNeverInvoicedAgain()
    {
        CasesPortal cases(settings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        agreePearlCrownPrice(cases, pearl);
        setMode(cases, pearl, "credits");
        CreditsStandIn credits(cases, 100000);

        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = submitted(cases, *dentist, "P-1500");
        const std::int64_t invoiceId = invoiceOf(cases, caseId);

        // Asked once, in the submission transaction, at the organization's accepted price.
        const auto dues = credits.dues();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), dues.size());
        const sdk::Value& due = dues[0].payload;
        CPPUNIT_ASSERT_EQUAL(invoiceId, due.getInt("invoiceId"));
        CPPUNIT_ASSERT_EQUAL(caseId, due.getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(cases.number(caseId), due.getString("number"));
        CPPUNIT_ASSERT_EQUAL(pearl, due.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(count(cases, "SELECT owner_user_id FROM cases_cases WHERE id = ?", {caseId}),
                             due.getInt("ownerUserId"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), due.getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), due.getString("currency"));
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), due.getString("productName"));
        CPPUNIT_ASSERT(due.getInt("actorUserId") > 0);
        CPPUNIT_ASSERT_EQUAL(std::string("due"), dues[0].rowState);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), dues[0].invoiceState);

        // credits.debited in that transaction: issued, paid, once.
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000001"),
                             text(cases, "SELECT number FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(40000),
            count(cases, "SELECT paid_minor FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(40000),
            count(cases, "SELECT unit_minor FROM billing_invoice_lines WHERE invoice_id = ?", {invoiceId}));
        auto payment = cases.db().query(
            "SELECT kind, provider, provider_payment_id FROM billing_invoice_payments WHERE invoice_id = ?",
            {invoiceId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), payment.size());
        CPPUNIT_ASSERT_EQUAL(std::string("credits"), payment.get(0, "kind").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("credits"), payment.get(0, "provider").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("1"), payment.get(0, "provider_payment_id").toString());
        CPPUNIT_ASSERT_EQUAL(
            std::string("settled"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), credits.paid().size());
        CPPUNIT_ASSERT_EQUAL(std::string("credits"), credits.paid()[0].getString("settledBy"));

        // The same debit again (a replay): nothing changes.
        credits.publish("credits.debited", CreditsStandIn::debited(pearl, invoiceId, caseId, 1, 40000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), payments(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(40000),
            count(cases, "SELECT paid_minor FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), credits.paid().size());

        // The timeline says it was paid from credits; the owner is told once that it was
        // paid, never asked to pay it.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cases,
                                   "SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND summary_key = "
                                   "'billing.invoice.activity.paidFromCredits'",
                                   {caseId}));
        CPPUNIT_ASSERT(toldBy(cases, "invoice_issued").empty());
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"owner@pearl.example"},
                             toldBy(cases, "invoice_paid_from_credits"));
        MOLAR_ASSERT_CONTAINS("prepaid credits. There is nothing to pay.",
                              text(cases, "SELECT content FROM molar_notifications WHERE rule = ?",
                                   {std::string("invoice_paid_from_credits")}));

        // Delivered after the lab moved Pearl to net terms: still the one invoice.
        setMode(cases, pearl, "net_terms");
        act(cases, caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"});
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            count(cases, "SELECT COUNT(*) FROM billing_invoices WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            count(cases, "SELECT COUNT(*) FROM billing_invoice_lines WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(std::string("credits"),
                             text(cases, "SELECT mode FROM billing_deliveries WHERE case_id = ?", {caseId}));
        // A case submitted on net terms is invoiced on delivery as before, even with Pearl in credits by
        // then.
        const std::int64_t later = submitted(cases, *dentist, "P-1501");
        setMode(cases, pearl, "credits");
        act(cases, later, {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"});
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), invoiceState(cases, invoiceOf(cases, later)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), credits.dues().size());
    }

    void aCaseTheBalanceCannotPayWaitsAndIsVoidedWhenCancelled()
    {
        CasesPortal cases(settings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        setMode(cases, pearl, "credits");
        CreditsStandIn credits(cases, 0);
        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = submitted(cases, *dentist, "P-1510");
        const std::int64_t invoiceId = invoiceOf(cases, caseId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), credits.dues().size());
        // The catalog's price: Pearl has no price list of its own.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45000), credits.dues()[0].payload.getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            std::string("due"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));

        act(cases, caseId, {"cancel"}, "Patient moved");
        CPPUNIT_ASSERT_EQUAL(std::string("void"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            std::string("Case cancelled"),
            text(cases, "SELECT void_reason FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("voided"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), payments(cases, invoiceId));
        CPPUNIT_ASSERT(toldBy(cases, "invoice_issued").empty());
        CPPUNIT_ASSERT(toldBy(cases, "invoice_paid_from_credits").empty());
    }

    void aCaseWithoutAPriceIsAskedForAtItsAcceptedQuotesPrice()
    {
        InvoicePortal cases(DemoPortal::Settings{{"notifications.logChannels", "email"}});
        const std::int64_t pearl = cases.pearl();
        CreditsStandIn credits(cases, 1000000);
        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = submitted(cases, *dentist, "P-1550"); // on net terms: not taken
        setMode(cases, pearl, "credits");
        // The credits mode's submission handler over prices that know no product (one the
        // catalog no longer sells): no draft, the case waits for its quote.
        InvoiceTestHost host(cases.portal(), cases.clock);
        const billing::BillingAccounts accounts(30);
        billing::DeliveryInvoicer noPrices(cases.invoices(), billing::PriceLookup{});
        billing::CreditsInvoicing unpriced(host, cases.invoices(), noPrices, accounts);
        auto row = cases.db().query(
            "SELECT number, organization_id, clinic_id, product, owner_user_id FROM cases_cases WHERE id = ?",
            {caseId});
        const sdk::Value submission =
            sdk::Value::object({{"caseId", caseId},
                                {"number", row.get(0, "number").toString()},
                                {"organizationId", pearl},
                                {"clinicId", row.get(0, "clinic_id").asInt()},
                                {"ownerUserId", row.get(0, "owner_user_id").asInt()},
                                {"product", row.get(0, "product").toString()},
                                {"productName", "Zirconia crown"},
                                {"actorUserId", row.get(0, "owner_user_id").asInt()}});
        cases.db().transaction([&](sdk::Transaction& tx) { unpriced.onCaseSubmitted(tx, submission); });
        CPPUNIT_ASSERT_EQUAL(
            std::string("unpriced 0"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}) + " " +
                text(cases, "SELECT invoice_id FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            count(cases, "SELECT COUNT(*) FROM billing_invoices WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT(credits.dues().empty());

        // The lab quotes it, the dentist accepts: drafted at the quote's price and asked for,
        // in the accepting transaction, after the case moved on to design.
        act(cases, caseId, {"quote"});
        const std::int64_t quote = count(cases, "SELECT id FROM billing_quotes WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(
            303, cases.labAdmin()
                     ->post("/lab/billing/quotes/" + std::to_string(quote), {{"price", "1,999.50"}})
                     .status);
        CPPUNIT_ASSERT_EQUAL(
            303, dentist->post("/billing/quotes/" + std::to_string(quote) + "/accept", {{"confirm", "yes"}})
                     .status);
        CPPUNIT_ASSERT_EQUAL(std::string("design"), cases.status(caseId));
        const auto dues = credits.dues();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), dues.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(199950), dues[0].payload.getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(caseId, dues[0].payload.getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(std::string("due"), dues[0].rowState);
        const std::int64_t invoiceId = invoiceOf(cases, caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(199950),
            count(cases, "SELECT paid_minor FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT(toldBy(cases, "invoice_issued").empty());
    }

    void creditsEventsOfAnotherOrganizationChangeNothing()
    {
        CasesPortal cases(settings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        const std::int64_t smile = organizationOf(cases, "owner@smile.example");
        setMode(cases, pearl, "credits");
        setMode(cases, smile, "credits");
        CreditsStandIn credits(cases, 0);
        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = submitted(cases, *dentist, "P-1520");
        const std::int64_t invoiceId = invoiceOf(cases, caseId);
        const std::int64_t smileCase =
            submitted(cases, *cases.smileDentist(), "S-1520", "owner@smile.example");

        // Smile's events naming Pearl's invoice, Pearl's naming another case, an unknown invoice.
        credits.publish("credits.debited", CreditsStandIn::debited(smile, invoiceId, caseId, 7, 45000));
        credits.publish("credits.debited", CreditsStandIn::debited(smile, invoiceId, 0, 8, 45000));
        credits.publish("credits.debited", CreditsStandIn::debited(pearl, invoiceId, smileCase, 9, 45000));
        credits.publish("credits.debited",
                        CreditsStandIn::debited(pearl, invoiceId + 1000, caseId, 10, 45000));
        sdk::Value returned = CreditsStandIn::debited(smile, invoiceId, caseId, 11, 45000);
        returned.set("reason", "Remade for free");
        credits.publish("credits.debit_returned", returned);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), payments(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(
            std::string("due"),
            text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {caseId}));
        CPPUNIT_ASSERT(credits.paid().empty());

        // Pearl's own debit pays it.
        credits.publish("credits.debited", CreditsStandIn::debited(pearl, invoiceId, caseId, 12, 45000));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), invoiceState(cases, invoiceOf(cases, smileCase)));
    }

    void aDebitGivenBackIsRefundedOnTheInvoiceOnce()
    {
        CasesPortal cases(settings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        setMode(cases, pearl, "credits");
        CreditsStandIn credits(cases, 100000);
        auto dentist = cases.pearlDentist();
        const std::int64_t caseId = submitted(cases, *dentist, "P-1530");
        const std::int64_t invoiceId = invoiceOf(cases, caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(cases, invoiceId));

        sdk::Value returned = CreditsStandIn::debited(pearl, invoiceId, caseId, 2, 45000);
        returned.set("reason", "Remade for free");
        credits.publish("credits.debit_returned", returned);
        credits.publish("credits.debit_returned", returned);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(45000),
            count(cases, "SELECT refunded_minor FROM billing_invoices WHERE id = ?", {invoiceId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            count(cases,
                  "SELECT COUNT(*) FROM billing_invoice_payments WHERE invoice_id = ? AND kind = "
                  "'refund' AND provider = 'credits'",
                  {invoiceId}));
        // Refunds are amounts: a paid invoice stays paid.
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoiceState(cases, invoiceId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cases,
                                   "SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND summary_key = "
                                   "'billing.invoice.activity.returnedToCredits'",
                                   {caseId}));
    }

    void aTopUpMovesAnUnsetModeToCreditsButNeverALabSetOne()
    {
        CasesPortal cases(settings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        const std::int64_t smile = organizationOf(cases, "owner@smile.example");
        setMode(cases, pearl, "net_terms"); // the lab's choice, though the default's mode
        CreditsStandIn credits(cases, 0);
        auto toppedUp = [&](std::int64_t organizationId) {
            credits.publish("credits.topped_up", sdk::Value::object({{"organizationId", organizationId},
                                                                     {"topupId", 1},
                                                                     {"entryId", 1},
                                                                     {"creditsMinor", 1000000},
                                                                     {"currency", "QAR"},
                                                                     {"origin", "clinic"}}));
        };
        toppedUp(smile);
        toppedUp(pearl);
        CPPUNIT_ASSERT_EQUAL(
            std::string("credits"),
            text(cases, "SELECT mode FROM billing_accounts WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            count(cases, "SELECT updated_by FROM billing_accounts WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("system: credits top-up"),
            text(cases,
                 "SELECT actor_label FROM molar_audit WHERE action = 'billing.mode_changed' AND "
                 "organization_id = ?",
                 {smile}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("net_terms"),
            text(cases, "SELECT mode FROM billing_accounts WHERE organization_id = ?", {pearl}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases,
                                                    "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                    "'billing.mode_changed' AND organization_id = ?",
                                                    {pearl}));
        // A second top-up changes nothing more; Smile's next case is asked of its credits.
        toppedUp(smile);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases,
                                                    "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                    "'billing.mode_changed' AND organization_id = ?",
                                                    {smile}));
        submitted(cases, *cases.smileDentist(), "S-1540", "owner@smile.example");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), credits.dues().size());
        CPPUNIT_ASSERT_EQUAL(smile, credits.dues()[0].payload.getInt("organizationId"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreditsModeTest);
