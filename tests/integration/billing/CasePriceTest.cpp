// case.priced and case.charged with the cases and billing plugins in a real Portal, each
// published by the test in a transaction of its own, as the aligners plugin publishes them:
// the agreed price invoices the delivered case instead of the price list (a later one
// replacing it, an accepted quote winning over it), refusals roll the publisher back, a
// charge is one issued invoice per key however many publish it at once, a credits case
// has the agreed price's part above its paid invoice charged on its own.
#include "../cases/CasesPortal.h"

#include "molar/sdk/Errors.h"

#include <atomic>
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

// The event in a transaction of its own, as a plugin publishes it.
void publish(CasesPortal& cases, const std::string& event, const sdk::Value& payload)
{
    cases.db().transaction(
        [&](sdk::Transaction& tx) { cases.portal().events().publish(tx, event, payload); });
}

// What the credits plugin does with invoice.credits_due when the balance covers it:
// credits.debited in the same transaction.
class PayingCredits
{
public:
    PayingCredits(CasesPortal& cases, bool paying) : pays(paying), _cases(cases)
    {
        cases.portal().events().on(
            "credits-test", "invoice.credits_due",
            [this](sdk::Transaction& tx, const sdk::Event& event) { onDue(tx, event); });
    }

    // false: the balance is short, the credits plugin holds the case and debits nothing yet.
    bool pays;

private:
    void onDue(sdk::Transaction& tx, const sdk::Event& event)
    {
        if (!pays)
            return; // held by the credits plugin: the draft waits
        const std::int64_t amount = event.payload.getInt("amountMinor");
        _cases.portal().events().publish(
            tx, "credits.debited",
            sdk::Value::object({{"organizationId", event.payload.getInt("organizationId")},
                                {"invoiceId", event.payload.getInt("invoiceId")},
                                {"caseId", event.payload.getInt("caseId")},
                                {"number", event.payload.getString("number")},
                                {"entryId", ++_entries},
                                {"amountMinor", amount},
                                {"currency", event.payload.getString("currency")},
                                {"amountText", sdk::formatMoney({amount, "QAR"})},
                                {"balanceMinor", 0},
                                {"balanceText", "QAR 0.00"}}));
    }

    CasesPortal& _cases;
    std::int64_t _entries = 0;
};

} // namespace

class CasePriceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CasePriceTest);
    CPPUNIT_TEST(theAgreedPriceInvoicesTheDeliveredCaseAndALaterOneReplacesIt);
    CPPUNIT_TEST(anAcceptedQuoteWinsOverTheAgreedPrice);
    CPPUNIT_TEST(refusalsRollThePublisherBack);
    CPPUNIT_TEST(aChargeIsOneIssuedInvoicePerKeyFromFourThreadsAtOnce);
    CPPUNIT_TEST(aCreditsCaseIsChargedTheAgreedPriceAboveWhatCreditsPaid);
    CPPUNIT_TEST_SUITE_END();

    static DemoPortal::Settings settings()
    {
        return {{"plugins.enabled", "cases, billing"}, {"notifications.logChannels", "email"}};
    }
    static std::int64_t organizationOf(CasesPortal& cases, const std::string& email)
    {
        return count(cases, "SELECT organization_id FROM molar_users WHERE email = ?", {email});
    }
    static void act(CasesPortal& cases, std::int64_t caseId, const std::vector<std::string>& actions)
    {
        auto admin = cases.labAdmin();
        for (const auto& action : actions) {
            const Answer answer = admin->post("/cases/" + std::to_string(caseId) + "/actions/" + action, {});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action + ": " + answer.body, 303, answer.status);
        }
    }
    static void deliver(CasesPortal& cases, std::int64_t caseId)
    {
        act(cases, caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"});
        settle(cases);
    }
    static std::int64_t submitted(CasesPortal& cases, HttpBrowser& dentist, const std::string& patientRef)
    {
        const std::int64_t id = cases.completeCrownDraft(dentist, patientRef);
        cases.submit(dentist, id);
        return id;
    }
    static sdk::Value priced(CasesPortal& cases, std::int64_t caseId, std::int64_t amountMinor,
                             const std::string& label)
    {
        return sdk::Value::object(
            {{"caseId", caseId},
             {"number", cases.number(caseId)},
             {"organizationId",
              count(cases, "SELECT organization_id FROM cases_cases WHERE id = ?", {caseId})},
             {"clinicId", count(cases, "SELECT clinic_id FROM cases_cases WHERE id = ?", {caseId})},
             {"amountMinor", amountMinor},
             {"currency", "QAR"},
             {"label", label},
             {"source", "aligners.plan"}});
    }
    static sdk::Value charged(CasesPortal& cases, std::int64_t caseId, const std::string& key,
                              std::int64_t amountMinor, const std::string& label)
    {
        sdk::Value payload = priced(cases, caseId, amountMinor, label);
        payload.set("chargeKey", key);
        return payload;
    }
    // The case's item lines on its invoices: "unit_minor|description|state", by invoice.
    static std::vector<std::string> lines(CasesPortal& cases, std::int64_t caseId)
    {
        auto rows = cases.db().query("SELECT l.unit_minor, l.description, i.state FROM billing_invoice_lines "
                                     "l JOIN billing_invoices i "
                                     "ON i.id = l.invoice_id WHERE l.case_id = ? ORDER BY i.id, l.id",
                                     {caseId});
        std::vector<std::string> out;
        for (std::size_t r = 0; r < rows.size(); ++r)
            out.push_back(rows.get(r, "unit_minor").toString() + "|" + rows.get(r, "description").toString() +
                          "|" + rows.get(r, "state").toString());
        return out;
    }

public:
    void theAgreedPriceInvoicesTheDeliveredCaseAndALaterOneReplacesIt()
    {
        CasesPortal cases(settings());
        auto dentist = cases.pearlDentist();
        const std::int64_t agreed = submitted(cases, *dentist, "P-1800");
        const std::int64_t listed = submitted(cases, *dentist, "P-1801");

        publish(cases, "case.priced", priced(cases, agreed, 590000, "TWO"));
        auto row = cases.db().query(
            "SELECT amount_minor, currency, label, source FROM billing_case_prices WHERE case_id = ?",
            {agreed});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), row.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(590000), row.get(0, "amount_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), row.get(0, "currency").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), row.get(0, "label").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.plan"), row.get(0, "source").toString());
        // A second plan accepted later: its price replaces the first.
        publish(cases, "case.priced", priced(cases, agreed, 690000, "THREE"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            count(cases, "SELECT COUNT(*) FROM billing_case_prices WHERE case_id = ?", {agreed}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases,
                                                    "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                    "'billing.case_priced' AND object_id = ? AND detail LIKE "
                                                    "'%THREE%'",
                                                    {std::to_string(agreed)}));
        // Nothing is invoiced before delivery (net terms).
        CPPUNIT_ASSERT(lines(cases, agreed).empty());

        deliver(cases, agreed);
        deliver(cases, listed);
        // The delivery invoice, issued on net terms, at the agreed price, named with its option.
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"690000|Zirconia crown (THREE)|issued"},
                             lines(cases, agreed));
        CPPUNIT_ASSERT_EQUAL(
            std::string("THREE"),
            text(cases, "SELECT reason FROM billing_invoice_lines WHERE case_id = ?", {agreed}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1781211599999),
                             count(cases, "SELECT due_at FROM billing_invoices WHERE case_id = ?", {agreed}));
        // The case without an agreed price: the price list's.
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"45000|Zirconia crown|issued"}, lines(cases, listed));
        // The invoice's page says the option after the product's name.
        const std::int64_t invoiceId =
            count(cases, "SELECT id FROM billing_invoices WHERE case_id = ?", {agreed});
        const Answer page = cases.pearlOwner()->get("/billing/invoices/" + std::to_string(invoiceId));
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("Zirconia crown (THREE)", page.body);
    }

    void anAcceptedQuoteWinsOverTheAgreedPrice()
    {
        CasesPortal cases(settings());
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = submitted(cases, *dentist, "P-1810");
        publish(cases, "case.priced", priced(cases, id, 590000, "TWO"));
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "quote", {}).status);
        const std::int64_t quote =
            count(cases, "SELECT id FROM billing_quotes WHERE case_id = ? ORDER BY id DESC", {id});
        CPPUNIT_ASSERT_EQUAL(
            303, admin->post("/lab/billing/quotes/" + std::to_string(quote), {{"price", "1,999.50"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            303, dentist->post("/billing/quotes/" + std::to_string(quote) + "/accept", {{"confirm", "yes"}})
                     .status);
        // An agreed price after the quote's acceptance does not win either.
        publish(cases, "case.priced", priced(cases, id, 690000, "THREE"));
        act(cases, id, {"to_production", "to_finishing", "to_qc", "ship", "deliver"});
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"199950|Zirconia crown|issued"}, lines(cases, id));
    }

    void refusalsRollThePublisherBack()
    {
        CasesPortal cases(settings());
        auto dentist = cases.pearlDentist();
        const std::int64_t id = submitted(cases, *dentist, "P-1820");
        const std::int64_t invoicesBefore = count(cases, "SELECT COUNT(*) FROM billing_invoices");

        // The publisher's own write and a valid price, then a refused event: all undone.
        auto refused = [&](const std::string& event, const sdk::Value& payload, const std::string& named) {
            std::string message;
            try {
                cases.db().transaction([&](sdk::Transaction& tx) {
                    tx.execute("UPDATE cases_cases SET patient_ref = 'CHANGED' WHERE id = ?", {id});
                    cases.portal().events().publish(tx, "case.priced", priced(cases, id, 590000, "TWO"));
                    cases.portal().events().publish(tx, event, payload);
                });
            } catch (const sdk::PermanentError& e) {
                message = e.what();
            }
            MOLAR_ASSERT_CONTAINS(named, message);
            CPPUNIT_ASSERT_EQUAL(std::string("P-1820"),
                                 text(cases, "SELECT patient_ref FROM cases_cases WHERE id = ?", {id}));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases, "SELECT COUNT(*) FROM billing_case_prices"));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases, "SELECT COUNT(*) FROM billing_case_charges"));
            CPPUNIT_ASSERT_EQUAL(invoicesBefore, count(cases, "SELECT COUNT(*) FROM billing_invoices"));
        };
        refused("case.priced", priced(cases, id, -1, "TWO"), "negative");
        sdk::Value lowerCase = priced(cases, id, 590000, "TWO");
        lowerCase.set("currency", "qar");
        refused("case.priced", lowerCase, "currency");
        sdk::Value unknownShape = priced(cases, id, 590000, "TWO");
        unknownShape.set("caseId", 0);
        refused("case.priced", unknownShape, "caseId");
        refused("case.charged",
                charged(cases, id, "aligners.replacement.1", -9500, "Replacement aligners: 1"), "negative");
        refused("case.charged", charged(cases, id, "", 9500, "Replacement aligners: 1"), "chargeKey");
        sdk::Value noCase = charged(cases, id, "aligners.replacement.1", 9500, "Replacement aligners: 1");
        noCase.set("caseId", 0);
        refused("case.charged", noCase, "caseId");
    }

    void aChargeIsOneIssuedInvoicePerKeyFromFourThreadsAtOnce()
    {
        CasesPortal cases(settings());
        auto dentist = cases.pearlDentist();
        const std::int64_t id = submitted(cases, *dentist, "P-1830");
        const std::string key = "aligners.upgrade." + std::to_string(id) + ".TWO";
        const sdk::Value upgrade = charged(cases, id, key, 110000, "Plan upgrade ONE \xe2\x86\x92 TWO");

        // The same key from four publishers at once: one invoice, no publisher fails.
        std::atomic<int> failures{0};
        std::mutex errorsMutex;
        std::string errors;
        auto publishFrom = [&](const sdk::Value& payload) {
            try {
                publish(cases, "case.charged", payload);
            } catch (const std::exception& e) {
                ++failures;
                std::lock_guard<std::mutex> lock(errorsMutex);
                errors += std::string(e.what()) + "\n";
            }
        };
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back(publishFrom, upgrade);
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(errors, 0, failures.load());
        auto invoice =
            cases.db().query("SELECT i.id, i.state, i.number, i.due_at, i.organization_id, i.clinic_id, "
                             "i.total_minor FROM billing_invoices i WHERE i.case_id = ?",
                             {id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), invoice.size());
        const std::int64_t invoiceId = invoice.get(0, "id").asInt();
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), invoice.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000001"), invoice.get(0, "number").toString());
        // Issued 2026-05-12 09:00 in Qatar on Pearl's 30 days: due at the end of 11 June there.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1781211599999), invoice.get(0, "due_at").asInt());
        CPPUNIT_ASSERT_EQUAL(organizationOf(cases, "owner@pearl.example"),
                             invoice.get(0, "organization_id").asInt());
        CPPUNIT_ASSERT_EQUAL(count(cases, "SELECT clinic_id FROM cases_cases WHERE id = ?", {id}),
                             invoice.get(0, "clinic_id").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(110000), invoice.get(0, "total_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"110000|Plan upgrade ONE \xe2\x86\x92 TWO|issued"},
                             lines(cases, id));
        CPPUNIT_ASSERT_EQUAL(invoiceId, count(cases,
                                              "SELECT invoice_id FROM billing_case_charges WHERE "
                                              "charge_key = ?",
                                              {key}));
        // On the case's timeline, as other invoices are.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cases,
                                   "SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND "
                                   "summary_key = 'billing.invoice.activity.issued'",
                                   {id}));

        // A replay later: nothing. A charge of 0: nothing, not even its key.
        publish(cases, "case.charged", upgrade);
        publish(cases, "case.charged",
                charged(cases, id, "aligners.replacement.0", 0, "Replacement aligners: 0"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases, "SELECT COUNT(*) FROM billing_invoices"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases, "SELECT COUNT(*) FROM billing_case_charges"));

        // Four keys at once, each twice: four invoices, numbered without a gap.
        threads.clear();
        for (int i = 0; i < 8; ++i)
            threads.emplace_back(publishFrom,
                                 charged(cases, id, "aligners.replacement." + std::to_string(i % 4),
                                         9500 * (1 + i % 4), "Replacement aligners"));
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(errors, 0, failures.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5),
                             count(cases, "SELECT COUNT(*) FROM billing_invoices WHERE state = "
                                          "'issued'"));
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000005"),
                             text(cases, "SELECT MAX(number) FROM billing_invoices"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9500 * (1 + 2 + 3 + 4) + 110000),
                             count(cases, "SELECT SUM(total_minor) FROM billing_invoices"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5),
                             count(cases, "SELECT COUNT(*) FROM billing_case_charges WHERE invoice_id > 0"));
    }

    void aCreditsCaseIsChargedTheAgreedPriceAboveWhatCreditsPaid()
    {
        CasesPortal cases(settings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        const Answer mode = cases.labAdmin()->post("/lab/billing/accounts/" + std::to_string(pearl),
                                                   {{"mode", "credits"}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(mode.body, 303, mode.status);
        PayingCredits credits(cases, true);
        auto dentist = cases.pearlDentist();
        const std::int64_t paid = submitted(cases, *dentist, "P-1840");
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"45000|Zirconia crown|paid"}, lines(cases, paid));

        // Agreed below the price list's: nothing more (the lab gives the difference back by hand).
        publish(cases, "case.priced", priced(cases, paid, 40000, "MINI"));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"45000|Zirconia crown|paid"}, lines(cases, paid));
        // Above it: the difference on an invoice of its own, issued on net terms, keyed by the case.
        publish(cases, "case.priced", priced(cases, paid, 59000, "TWO"));
        const std::vector<std::string> charged{
            "45000|Zirconia crown|paid",
            "14000|Zirconia crown (TWO): agreed price above the price list|issued"};
        CPPUNIT_ASSERT_EQUAL(charged, lines(cases, paid));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cases,
                                   "SELECT COUNT(*) FROM billing_case_charges WHERE charge_key = ? "
                                   "AND amount_minor = 14000",
                                   {"case.priced." + std::to_string(paid)}));
        // Once per case: the same or a later price charges nothing more; delivery invoices nothing.
        publish(cases, "case.priced", priced(cases, paid, 59000, "TWO"));
        publish(cases, "case.priced", priced(cases, paid, 69000, "THREE"));
        deliver(cases, paid);
        CPPUNIT_ASSERT_EQUAL(charged, lines(cases, paid));

        // A case held for credit: its draft keeps the amount the credits plugin will debit,
        // the part above it is charged now.
        credits.pays = false;
        const std::int64_t held = submitted(cases, *dentist, "P-1841");
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"45000|Zirconia crown|draft"}, lines(cases, held));
        publish(cases, "case.priced", priced(cases, held, 69000, "THREE"));
        const std::vector<std::string> heldLines{
            "45000|Zirconia crown|draft",
            "24000|Zirconia crown (THREE): agreed price above the price list|issued"};
        CPPUNIT_ASSERT_EQUAL(heldLines, lines(cases, held));
        CPPUNIT_ASSERT_EQUAL(std::string("due"),
                             text(cases, "SELECT state FROM billing_credit_cases WHERE case_id = ?", {held}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CasePriceTest);
