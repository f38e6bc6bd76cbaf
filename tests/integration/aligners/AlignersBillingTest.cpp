// The aligners plugin with billing, on SQLite and MariaDB: what the clinic agreed to is what
// it is invoiced. An accepted TWO option prices the case (case.priced), so its delivery
// invoice charges QAR 5,900.00, not the price list's QAR 6,500.00; replacement aligners are
// one invoice of their own at the FLEX price per aligner (case.charged, once), and their
// case, made at no charge, adds nothing at delivery; an upgrade's fee is one invoice.
#include "AlignersPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace molar::test;

namespace {

class BillingPortal : public AlignersPortal
{
public:
    BillingPortal() : AlignersPortal(DemoPortal::Settings{{"plugins.enabled", "cases, billing, aligners"}}) {}

    // Waits until the outbox has no job it could run now.
    void settle()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (count("SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND "
                     "run_at <= ?)",
                     {nowMs()}) > 0) {
            CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                                   std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    // "unit_minor x quantity|description|state" of the case's invoice lines.
    std::vector<std::string> lines(std::int64_t caseId)
    {
        auto rows =
            db().query("SELECT l.unit_minor, l.quantity, l.description, i.state FROM billing_invoice_lines l "
                       "JOIN billing_invoices i ON i.id = l.invoice_id WHERE l.case_id = ? ORDER BY l.id",
                       {caseId});
        std::vector<std::string> out;
        for (std::size_t r = 0; r < rows.size(); ++r)
            out.push_back(rows.get(r, "unit_minor").toString() + " x " + rows.get(r, "quantity").toString() +
                          "|" + rows.get(r, "description").toString() + "|" +
                          rows.get(r, "state").toString());
        return out;
    }
    void act(std::int64_t caseId, const std::vector<std::string>& actions)
    {
        auto admin = labAdmin();
        for (const auto& action : actions)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                action, 303,
                admin->post("/cases/" + std::to_string(caseId) + "/actions/" + action, {}).status);
    }
};

} // namespace

class AlignersBillingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AlignersBillingTest);
    CPPUNIT_TEST(theAcceptedOptionIsWhatTheDeliveryInvoiceCharges);
    CPPUNIT_TEST(replacementAlignersAreOneInvoiceOfTheirOwn);
    CPPUNIT_TEST_SUITE_END();

public:
    void theAcceptedOptionIsWhatTheDeliveryInvoiceCharges()
    {
        BillingPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        AlignersPortal::expectRedirect(
            portal.pearlDentist()->post("/aligners/plans/" + std::to_string(planId) + "/accept",
                                        {{"planType", "TWO"}}),
            AlignersPortal::planPath(caseId));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(590000),
            portal.count("SELECT amount_minor FROM billing_case_prices WHERE case_id = ?", {caseId}));
        portal.act(caseId, {"ship", "deliver"});
        portal.settle();
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{"590000 x 1|Clear aligners (TWO)|issued"},
                             portal.lines(caseId));
    }

    void replacementAlignersAreOneInvoiceOfTheirOwn()
    {
        BillingPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        auto dentist = portal.pearlDentist();
        AlignersPortal::expectRedirect(
            dentist->post("/aligners/plans/" + std::to_string(planId) + "/accept", {{"planType", "ONE"}}),
            AlignersPortal::planPath(caseId));
        const Answer placed = postParts(*dentist, AlignersPortal::planPath(caseId) + "/orders",
                                        {{"kind", "", "replacement"}, {"upperSteps", "", "5-7"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(placed.body, 303, placed.status);
        const std::int64_t order = portal.count("SELECT MAX(case_id) FROM aligner_orders");
        auto charge =
            portal.db().query("SELECT charge_key, amount_minor, invoice_id FROM billing_case_charges");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), charge.size());
        CPPUNIT_ASSERT_EQUAL("aligners.replacement." + std::to_string(order),
                             charge.get(0, "charge_key").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3 * 18000), charge.get(0, "amount_minor").asInt());
        CPPUNIT_ASSERT(charge.get(0, "invoice_id").asInt() != 0);
        // The replacement case itself is made at no charge: its delivery invoices nothing more.
        portal.act(order, {"ship", "deliver"});
        portal.settle();
        const auto lines = portal.lines(order);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        // Priced per aligner, three of them, named by the aligners' catalog key.
        MOLAR_ASSERT_CONTAINS("18000 x 3|Replacement aligners: 3|issued", lines.front());
        CPPUNIT_ASSERT_EQUAL(
            std::string("aligners.charge.replacement"),
            portal.db()
                .query("SELECT item_code FROM billing_invoice_lines WHERE case_id = ?", {order})
                .get(0, "item_code")
                .toString());
        // An upgrade's fee: one more invoice, for the difference.
        AlignersPortal::expectRedirect(
            portal.pearlOwner()->post(AlignersPortal::planPath(caseId) + "/upgrade",
                                      {{"planType", "TWO"}, {"from", "ONE"}}),
            AlignersPortal::planPath(caseId) + "#expiry");
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(110000),
            portal.count("SELECT amount_minor FROM billing_case_charges WHERE charge_key = ?",
                         {"aligners.upgrade." + std::to_string(caseId) + ".TWO"}));
        // Both invoices in the clinic's language: the charges' names from the catalogs, the
        // plans as the lab named them.
        portal.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'owner@pearl.example'");
        std::string arabic;
        for (const char* key : {"aligners.replacement.%", "aligners.upgrade.%"})
            arabic +=
                portal.pearlOwner()
                    ->get("/billing/invoices/" +
                          std::to_string(portal.count(
                              "SELECT invoice_id FROM billing_case_charges WHERE charge_key LIKE ?", {key})))
                    .body;
        MOLAR_ASSERT_CONTAINS("مقوّمات بديلة", arabic);
        MOLAR_ASSERT_CONTAINS("ترقية الخطة (ONE \u2192 TWO)", arabic);
        for (const char* english : {"Replacement aligners", "Plan upgrade", "aligners.charge"})
            MOLAR_ASSERT_NOT_CONTAINS(english, arabic);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AlignersBillingTest);
