// The lab's credits pages over HTTP with the real plugins: every balance and held case,
// one organization's activity, and the forms of admins and billing clerks: an adjustment
// added once however often its form is sent, a removal beyond the balance refused beside
// its field, an addition resuming held cases, the discount typed as a percent, a case's
// debit given back; a form naming another organization than its URL changes nothing; the
// other lab roles and clinics are refused; the demo opens one balance once.
#include "CreditsPortal.h"

#include <cstdio>
#include <regex>
#include <thread>
#include <vector>

using namespace molar;
using namespace molar::test;

namespace {

std::string page(std::int64_t organization)
{
    return "/lab/credits/" + std::to_string(organization);
}

// The adjustment form's hidden key, as the page rendered it.
std::string formKey(const std::string& body)
{
    std::smatch match;
    CPPUNIT_ASSERT_MESSAGE(
        body, std::regex_search(body, match, std::regex("name=\"key\" value=\"([0-9a-f]{16})\"")));
    return match[1];
}

Answer adjust(HttpBrowser& browser, std::int64_t urlOrganization, std::int64_t formOrganization,
              const std::string& key, const std::string& amount, const std::string& direction,
              const std::string& reason)
{
    return browser.post(page(urlOrganization) + "/adjustments",
                        {{"organizationId", std::to_string(formOrganization)},
                         {"key", key},
                         {"amount", amount},
                         {"direction", direction},
                         {"reason", reason}});
}

} // namespace

class LabPagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LabPagesTest);
    CPPUNIT_TEST(theLabSeesEveryBalanceAndHeldCase);
    CPPUNIT_TEST(anAdjustmentIsAddedOnceHoweverOftenItsFormIsSent);
    CPPUNIT_TEST(oneFormSentAtOnceFromManyTabsAddsOneEntry);
    CPPUNIT_TEST(aRemovalBeyondTheBalanceIsRefusedBesideItsField);
    CPPUNIT_TEST(anAdditionResumesTheHeldCases);
    CPPUNIT_TEST(theDiscountIsTypedAsAPercent);
    CPPUNIT_TEST(aCasesDebitIsGivenBackOnce);
    CPPUNIT_TEST(aFormOfAnotherOrganizationChangesNothing);
    CPPUNIT_TEST(leadsReadWithoutTheForms);
    CPPUNIT_TEST(otherLabRolesAndClinicsAreRefused);
    CPPUNIT_TEST(theDemoOpensSmileStudiosBalanceOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void theLabSeesEveryBalanceAndHeldCase()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        const std::int64_t smile = p.smile();
        p.useCredits(pearl);
        const std::int64_t held = p.submitCase("LAB-1");
        CPPUNIT_ASSERT_EQUAL(std::string("held"),
                             p.text("SELECT state FROM credits_holds WHERE case_id = ?", {held}));
        const std::string number = p.text("SELECT number FROM cases_cases WHERE id = ?", {held});

        auto clerk = p.clerk();
        const std::string key = formKey(clerk->get(page(smile)).body);
        CPPUNIT_ASSERT_EQUAL(303, adjust(*clerk, smile, smile, key, "100", "add", "Goodwill").status);

        const Answer index = clerk->get("/lab/credits");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(index.body, 200, index.status);
        MOLAR_ASSERT_CONTAINS("<a href=\"/lab/credits/" + std::to_string(smile) + "\">Smile Studio</a>",
                              index.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0100.00", index.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/lab/credits/" + std::to_string(pearl) + "\">Pearl Dental Group</a>",
                              index.body);
        // The held case, linked, with its price.
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(held) + "\">" + number + "</a>",
                              index.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0450.00", index.body);
        // The menu takes the clerk there.
        MOLAR_ASSERT_CONTAINS("href=\"/lab/credits\"", index.body);

        const Answer one = clerk->get(page(pearl));
        CPPUNIT_ASSERT_EQUAL(200, one.status);
        MOLAR_ASSERT_CONTAINS("Pearl Dental Group", one.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/" + std::to_string(held) + "\">" + number + "</a>", one.body);
    }

    void anAdjustmentIsAddedOnceHoweverOftenItsFormIsSent()
    {
        CreditsPortal p;
        const std::int64_t smile = p.smile();
        auto clerk = p.clerk();
        const std::string key = formKey(clerk->get(page(smile)).body);
        for (int i = 0; i < 3; ++i) {
            const Answer sent = adjust(*clerk, smile, smile, key, "1,250.50", "add", "Goodwill for a remake");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
            CPPUNIT_ASSERT_EQUAL(page(smile) + "?done=adjusted", sent.header("Location"));
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), p.balance(smile));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(smile, "adjustment"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("adjustment:") + key,
            p.text("SELECT source_key FROM credits_ledger WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(
            p.userOf("billing@lab.example"),
            p.count("SELECT actor_user_id FROM credits_ledger WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.adjustment", std::to_string(smile)));
        p.assertBalanced(smile);

        const Answer shown = clerk->get(page(smile) + "?done=adjusted");
        MOLAR_ASSERT_CONTAINS("The adjustment was recorded.", shown.body);
        MOLAR_ASSERT_CONTAINS("Goodwill for a remake", shown.body);
        MOLAR_ASSERT_CONTAINS("+QAR\u00a01,250.50", shown.body);
        MOLAR_ASSERT_CONTAINS("Huda Saleh", shown.body);
        // A fresh page has a fresh key.
        CPPUNIT_ASSERT(formKey(shown.body) != key);

        // A removal with its own key.
        const Answer removed =
            adjust(*clerk, smile, smile, formKey(shown.body), "250.50", "remove", "Duplicate");
        CPPUNIT_ASSERT_EQUAL(303, removed.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), p.balance(smile));
        p.assertBalanced(smile);

        // A reason is required; nothing is added without one.
        const Answer noReason = adjust(*clerk, smile, smile, freshKey(), "10", "add", "  ");
        CPPUNIT_ASSERT_EQUAL(422, noReason.status);
        MOLAR_ASSERT_CONTAINS("id=\"adjust-reason-error\"", noReason.body);
        MOLAR_ASSERT_CONTAINS("value=\"10\"", noReason.body);
        // A form without the page's key is not one of this page's.
        CPPUNIT_ASSERT_EQUAL(400, adjust(*clerk, smile, smile, "nokey", "10", "add", "r").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), p.entries(smile, "adjustment"));
    }

    void oneFormSentAtOnceFromManyTabsAddsOneEntry()
    {
        CreditsPortal p;
        const std::int64_t smile = p.smile();
        std::vector<std::unique_ptr<HttpBrowser>> clerks;
        for (int i = 0; i < 8; ++i)
            clerks.push_back(p.clerk());
        const std::string key = freshKey();
        std::vector<int> statuses(clerks.size());
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < clerks.size(); ++i)
            threads.emplace_back([&, i] {
                statuses[i] =
                    adjust(*clerks[i], smile, smile, key, "75", "add", "Sent from every tab").status;
            });
        for (auto& thread : threads)
            thread.join();
        for (const int status : statuses)
            CPPUNIT_ASSERT_EQUAL(303, status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(smile, "adjustment"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7500), p.balance(smile));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.adjustment", std::to_string(smile)));
        p.assertBalanced(smile);
    }

    void aRemovalBeyondTheBalanceIsRefusedBesideItsField()
    {
        CreditsPortal p;
        const std::int64_t smile = p.smile();
        auto clerk = p.clerk();
        CPPUNIT_ASSERT_EQUAL(303, adjust(*clerk, smile, smile, freshKey(), "100", "add", "Opening").status);
        const std::string key = freshKey();
        const Answer refused = adjust(*clerk, smile, smile, key, "100.01", "remove", "Too much");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 409, refused.status);
        MOLAR_ASSERT_CONTAINS("id=\"adjust-amount-error\"", refused.body);
        MOLAR_ASSERT_CONTAINS("more than the balance", refused.body);
        // What was typed stays, with the same key (nothing was written under it).
        MOLAR_ASSERT_CONTAINS("value=\"100.01\"", refused.body);
        MOLAR_ASSERT_CONTAINS("value=\"Too much\"", refused.body);
        MOLAR_ASSERT_CONTAINS("value=\"remove\" checked", refused.body);
        CPPUNIT_ASSERT_EQUAL(key, formKey(refused.body));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), p.balance(smile));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(smile, "adjustment"));

        // The whole balance may go.
        CPPUNIT_ASSERT_EQUAL(303, adjust(*clerk, smile, smile, key, "100", "remove", "Closing").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.balance(smile));
        p.assertBalanced(smile);
    }

    void anAdditionResumesTheHeldCases()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        const std::int64_t first = p.submitCase("HOLD-1");
        const std::int64_t second = p.submitCase("HOLD-2");
        CPPUNIT_ASSERT_EQUAL(std::string("held"),
                             p.text("SELECT state FROM credits_holds WHERE case_id = ?", {first}));
        CPPUNIT_ASSERT_EQUAL(std::string("held"),
                             p.text("SELECT state FROM credits_holds WHERE case_id = ?", {second}));

        // Enough for the older case only.
        auto admin = p.labAdmin();
        CPPUNIT_ASSERT_EQUAL(
            303, adjust(*admin, pearl, pearl, freshKey(), "500", "add", "Prepaid by cheque").status);
        p.settle();
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"),
                             p.text("SELECT state FROM credits_holds WHERE case_id = ?", {first}));
        CPPUNIT_ASSERT_EQUAL(std::string("held"),
                             p.text("SELECT state FROM credits_holds WHERE case_id = ?", {second}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), p.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_credit"),
                             p.text("SELECT status FROM cases_cases WHERE id = ?", {second}));
        CPPUNIT_ASSERT(p.text("SELECT status FROM cases_cases WHERE id = ?", {first}) != "awaiting_credit");
        p.assertBalanced(pearl);
    }

    void theDiscountIsTypedAsAPercent()
    {
        CreditsPortal p;
        const std::int64_t smile = p.smile();
        auto clerk = p.clerk();
        const auto discount = [&](std::int64_t url, std::int64_t form, const std::string& typed) {
            return clerk->post(page(url) + "/discount",
                               {{"organizationId", std::to_string(form)}, {"discount", typed}});
        };
        const Answer saved = discount(smile, smile, "12.5");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(saved.body, 303, saved.status);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1250),
            p.count("SELECT discount_basis_points FROM credits_accounts WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.discount_changed", std::to_string(smile)));
        MOLAR_ASSERT_CONTAINS("value=\"12.5\"", clerk->get(page(smile)).body);
        // The same again changes nothing and says so.
        CPPUNIT_ASSERT_EQUAL(page(smile) + "?done=discountUnchanged",
                             discount(smile, smile, "12.50").header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.audited("credits.discount_changed", std::to_string(smile)));

        // Starter: QAR 10,000.00 of credits for 9,500.00 (5 % off); 12.5 % off is 8,750.00.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(875000), p.startTopUp(smile, "starter").priceMinor);

        for (const std::string typed : {"50.01", "-5", "abc", ""}) {
            const Answer refused = discount(smile, smile, typed);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(typed, 422, refused.status);
            MOLAR_ASSERT_CONTAINS("id=\"discount-percent-error\"", refused.body);
            MOLAR_ASSERT_CONTAINS("value=\"" + typed + "\"", refused.body);
        }
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1250),
            p.count("SELECT discount_basis_points FROM credits_accounts WHERE organization_id = ?", {smile}));
    }

    void aCasesDebitIsGivenBackOnce()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        p.useCredits(pearl);
        auto clerk = p.clerk();
        CPPUNIT_ASSERT_EQUAL(303, adjust(*clerk, pearl, pearl, freshKey(), "1000", "add", "Opening").status);
        const std::int64_t caseId = p.submitCase("RET-1");
        const std::int64_t invoice =
            p.count("SELECT invoice_id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {caseId});
        CPPUNIT_ASSERT(invoice > 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(55000), p.balance(pearl));

        // The page offers the debit by its case.
        const std::string number = p.text("SELECT number FROM cases_cases WHERE id = ?", {caseId});
        const Answer shown = clerk->get(page(pearl));
        MOLAR_ASSERT_CONTAINS("<option value=\"" + std::to_string(invoice) + "\">Case " + number, shown.body);

        const auto giveBack = [&](const std::string& reason) {
            return clerk->post(page(pearl) + "/returns", {{"organizationId", std::to_string(pearl)},
                                                          {"invoiceId", std::to_string(invoice)},
                                                          {"reason", reason}});
        };
        const Answer noReason = giveBack(" ");
        CPPUNIT_ASSERT_EQUAL(422, noReason.status);
        MOLAR_ASSERT_CONTAINS("id=\"return-reason-error\"", noReason.body);
        const Answer returned = giveBack("Remade at the lab's cost");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(returned.body, 303, returned.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), p.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(pearl, "debit_return"));
        // Once: the form no longer offers it, and sending it again is refused.
        MOLAR_ASSERT_NOT_CONTAINS("<option value=\"" + std::to_string(invoice) + "\"",
                                  clerk->get(page(pearl)).body);
        CPPUNIT_ASSERT(giveBack("Again").status >= 400);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.entries(pearl, "debit_return"));
        p.assertBalanced(pearl);
    }

    void aFormOfAnotherOrganizationChangesNothing()
    {
        CreditsPortal p;
        const std::int64_t pearl = p.pearl();
        const std::int64_t smile = p.smile();
        p.useCredits(pearl);
        auto clerk = p.clerk();
        CPPUNIT_ASSERT_EQUAL(303, adjust(*clerk, pearl, pearl, freshKey(), "1000", "add", "Opening").status);
        const std::int64_t caseId = p.submitCase("X-1");
        const std::int64_t invoice =
            p.count("SELECT invoice_id FROM credits_ledger WHERE kind = 'debit' AND case_id = ?", {caseId});

        // Smile's URL with Pearl's form, and the other way round.
        CPPUNIT_ASSERT_EQUAL(400, adjust(*clerk, smile, pearl, freshKey(), "5", "add", "r").status);
        CPPUNIT_ASSERT_EQUAL(400, adjust(*clerk, pearl, smile, freshKey(), "5", "remove", "r").status);
        CPPUNIT_ASSERT_EQUAL(400, clerk
                                      ->post(page(smile) + "/discount",
                                             {{"organizationId", std::to_string(pearl)}, {"discount", "10"}})
                                      .status);
        // Pearl's debit named on Smile's page is as unknown as none.
        const Answer otherDebit =
            clerk->post(page(smile) + "/returns", {{"organizationId", std::to_string(smile)},
                                                   {"invoiceId", std::to_string(invoice)},
                                                   {"reason", "r"}});
        CPPUNIT_ASSERT_EQUAL(404, otherDebit.status);
        MOLAR_ASSERT_NOT_CONTAINS("Pearl", otherDebit.body);
        // Unknown organizations, and the lab's own (users of the lab have none).
        for (const std::string id : {"999999", "0", "abc", "-1"}) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 404, clerk->get("/lab/credits/" + id).status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                id, 404,
                clerk
                    ->post("/lab/credits/" + id + "/adjustments", {{"organizationId", id},
                                                                   {"key", freshKey()},
                                                                   {"amount", "5"},
                                                                   {"direction", "add"},
                                                                   {"reason", "r"}})
                    .status);
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(55000), p.balance(pearl));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.balance(smile));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            p.count("SELECT COUNT(*) FROM credits_ledger WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.entries(pearl, "debit_return"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             p.count("SELECT COALESCE(MAX(discount_basis_points), 0) FROM credits_accounts"));
    }

    void leadsReadWithoutTheForms()
    {
        CreditsPortal p;
        const std::int64_t smile = p.smile();
        CPPUNIT_ASSERT_EQUAL(303,
                             adjust(*p.clerk(), smile, smile, freshKey(), "100", "add", "Opening").status);
        // The demo has no lead: its technician becomes one.
        p.db().execute("UPDATE molar_users SET role = 'lead' WHERE email = 'tech@lab.example'");
        auto lead = p.technician();
        const Answer index = lead->get("/lab/credits");
        CPPUNIT_ASSERT_EQUAL(200, index.status);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0100.00", index.body);
        const Answer one = lead->get(page(smile));
        CPPUNIT_ASSERT_EQUAL(200, one.status);
        MOLAR_ASSERT_CONTAINS("Opening", one.body);
        MOLAR_ASSERT_NOT_CONTAINS("<form method=\"post\" action=\"/lab/credits/", one.body);
        CPPUNIT_ASSERT_EQUAL(403, adjust(*lead, smile, smile, freshKey(), "5", "add", "r").status);
        CPPUNIT_ASSERT_EQUAL(403, lead->post(page(smile) + "/discount",
                                             {{"organizationId", std::to_string(smile)}, {"discount", "10"}})
                                      .status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), p.balance(smile));
    }

    void otherLabRolesAndClinicsAreRefused()
    {
        CreditsPortal p;
        const std::int64_t smile = p.smile();
        auto technician = p.technician();
        CPPUNIT_ASSERT_EQUAL(403, technician->get("/lab/credits").status);
        CPPUNIT_ASSERT_EQUAL(403, technician->get(page(smile)).status);
        CPPUNIT_ASSERT_EQUAL(403, adjust(*technician, smile, smile, freshKey(), "5", "add", "r").status);
        MOLAR_ASSERT_NOT_CONTAINS("href=\"/lab/credits\"", technician->get("/lab/cases").body);
        auto owner = p.smileOwner();
        CPPUNIT_ASSERT(owner->get("/lab/credits").status >= 400);
        CPPUNIT_ASSERT(adjust(*owner, smile, smile, freshKey(), "5", "add", "r").status >= 400);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), p.count("SELECT COUNT(*) FROM credits_ledger"));
    }

    void theDemoOpensSmileStudiosBalanceOnce()
    {
        CreditsPortal p;
        p.portal().seedPluginDemoData();
        p.portal().seedPluginDemoData();
        const std::int64_t smile = p.smile();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), p.count("SELECT COUNT(*) FROM credits_ledger"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(500000), p.balance(smile));
        CPPUNIT_ASSERT_EQUAL(std::string("Opening balance"),
                             p.text("SELECT reason FROM credits_ledger WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(
            p.userOf("admin@lab.example"),
            p.count("SELECT actor_user_id FROM credits_ledger WHERE organization_id = ?", {smile}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(100000),
            p.count("SELECT threshold_minor FROM credits_accounts WHERE organization_id = ?", {smile}));
        p.assertBalanced(smile);
    }

private:
    // A key as the page makes one, for forms the test sends without opening the page.
    static std::string freshKey()
    {
        static unsigned n = 0;
        char key[17];
        std::snprintf(key, sizeof key, "%016x", ++n);
        return key;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LabPagesTest);
