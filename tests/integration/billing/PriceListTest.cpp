// Price lists over HTTP with the cases plugin's catalog: a custom price applies only
// once the organization's owner accepts its version, the previous accepted version
// stays in force until then, only the owner accepts, no organization reaches
// another's list, and typed amounts are read in the currency's own minor digits.
#include "CasesPortal.h"

#include "prices/PriceBook.h"

using namespace molar::test;
using molar::billing::Price;
using molar::billing::PriceBook;
using molar::billing::PriceSource;

namespace {

const char* const labPath = "/lab/billing/price-lists";

DemoPortal::Settings withBilling(DemoPortal::Settings extra = {})
{
    DemoPortal::Settings settings{{"plugins.enabled", "cases, billing"}};
    settings.insert(settings.end(), extra.begin(), extra.end());
    return settings;
}

// The cases plugin's shipped prices for the two items the tests read.
PriceBook shippedPrices()
{
    return PriceBook([] {
        return std::vector<molar::sdk::CatalogItem>{
            {"zirconia_crown", "Zirconia crown", "restorative", 45000, "QAR", 120},
            {"emax_crown", "E.max crown", "restorative", 55000, "QAR", 120}};
    });
}

} // namespace

class PriceListTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PriceListTest);
    CPPUNIT_TEST(customPriceAppliesOnlyOnceTheOwnerAccepts);
    CPPUNIT_TEST(anOwnerCannotAcceptAVersionTheLabReplaced);
    CPPUNIT_TEST(onlyTheOwnerAccepts);
    CPPUNIT_TEST(noOrganizationReachesAnothersList);
    CPPUNIT_TEST(labRolesOnly);
    CPPUNIT_TEST(badAmountsAreRefusedBesideTheirFields);
    CPPUNIT_TEST(sameOrStalePricesMakeNoVersion);
    CPPUNIT_TEST(amountsFollowTheCurrencysDigits);
    CPPUNIT_TEST(demoPricesAreSeededOnce);
    CPPUNIT_TEST_SUITE_END();

    static std::int64_t organization(CasesPortal& cases, const std::string& name)
    {
        return cases.db()
            .query("SELECT id FROM molar_organizations WHERE name = ?", {name})
            .get(0, "id")
            .asInt();
    }
    static std::int64_t listOf(CasesPortal& cases, std::int64_t organizationId)
    {
        auto rows = cases.db().query("SELECT id FROM billing_price_lists WHERE organization_id = ?",
                                     {organizationId});
        return rows.empty() ? 0 : rows.get(0, "id").asInt();
    }
    static std::int64_t count(CasesPortal& cases, const std::string& sql,
                              const molar::sdk::Params& params = {})
    {
        return cases.db().query(sql, params).row(0).at(0).asInt();
    }
    static std::unique_ptr<HttpBrowser> clerk(CasesPortal& cases)
    {
        return cases.signIn("billing@lab.example", "demo billing clerk");
    }

    // Saves prices for the organization from version `from`; answers the response.
    static Answer save(HttpBrowser& lab, CasesPortal& cases, std::int64_t organizationId, int from,
                       Form prices)
    {
        prices.emplace_back("listId", std::to_string(listOf(cases, organizationId)));
        prices.emplace_back("from", std::to_string(from));
        return lab.post(std::string(labPath) + "/" + std::to_string(organizationId), prices);
    }
    static void saved(HttpBrowser& lab, CasesPortal& cases, std::int64_t organizationId, int from,
                      Form prices)
    {
        const Answer answer = save(lab, cases, organizationId, from, std::move(prices));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
        CPPUNIT_ASSERT_EQUAL(std::string(labPath) + "/" + std::to_string(organizationId) +
                                 "?saved=" + std::to_string(from + 1),
                             answer.header("Location"));
    }
    static Answer accept(HttpBrowser& owner, std::int64_t listId, int version)
    {
        return owner.post("/billing/price-list/accept",
                          {{"listId", std::to_string(listId)}, {"version", std::to_string(version)}});
    }

    static void expectPrice(CasesPortal& cases, std::int64_t organizationId, const std::string& code,
                            std::int64_t minor, PriceSource source, int version)
    {
        const auto price = shippedPrices().priceFor(cases.db(), organizationId, code);
        CPPUNIT_ASSERT(price);
        CPPUNIT_ASSERT_EQUAL(minor, price->money.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), price->money.currency);
        CPPUNIT_ASSERT(source == price->source);
        CPPUNIT_ASSERT_EQUAL(version, price->listVersion);
    }

public:
    void customPriceAppliesOnlyOnceTheOwnerAccepts()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        const std::int64_t smile = organization(cases, "Smile Studio");
        auto lab = clerk(cases);

        const Answer index = lab->get(labPath);
        CPPUNIT_ASSERT_EQUAL(200, index.status);
        MOLAR_ASSERT_CONTAINS("<a href=\"/lab/billing/price-lists/" + std::to_string(pearl) +
                                  "\">Pearl Dental Group</a>",
                              index.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/lab/billing/price-lists\" aria-current=\"page\">Price lists</a>",
                              index.body);
        const Answer form = lab->get(std::string(labPath) + "/" + std::to_string(pearl));
        CPPUNIT_ASSERT_EQUAL(200, form.status);
        MOLAR_ASSERT_CONTAINS("<label for=\"price-zirconia_crown\">Zirconia crown</label>", form.body);
        MOLAR_ASSERT_CONTAINS("<td translate=\"no\">QAR\u00a0450.00</td>", form.body);

        saved(*lab, cases, pearl, 0, {{"price-zirconia_crown", "400"}, {"price-emax_crown", ""}});
        // Saved, not accepted: the default still applies.
        expectPrice(cases, pearl, "zirconia_crown", 45000, PriceSource::Default, 0);
        const Answer again = lab->get(std::string(labPath) + "/" + std::to_string(pearl) + "?saved=1");
        MOLAR_ASSERT_CONTAINS("Version 1 saved.", again.body);
        MOLAR_ASSERT_CONTAINS("value=\"400.00\"", again.body);
        MOLAR_ASSERT_CONTAINS("waiting for the owner", again.body);

        auto owner = cases.pearlOwner();
        const Answer proposal = owner->get("/billing/price-list");
        CPPUNIT_ASSERT_EQUAL(200, proposal.status);
        MOLAR_ASSERT_CONTAINS("<a href=\"/billing/price-list\" aria-current=\"page\">Price list</a>",
                              proposal.body);
        MOLAR_ASSERT_CONTAINS("default prices apply.", proposal.body);
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">QAR\u00a0400.00</strong>", proposal.body);
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\" class=\"primary\">Accept version 1</button>",
                              proposal.body);

        const std::int64_t list = listOf(cases, pearl);
        const Answer accepted = accept(*owner, list, 1);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted.body, 303, accepted.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/billing/price-list?accepted=1"), accepted.header("Location"));
        expectPrice(cases, pearl, "zirconia_crown", 40000, PriceSource::Agreed, 1);
        expectPrice(cases, pearl, "emax_crown", 55000, PriceSource::Default, 0); // left blank
        expectPrice(cases, smile, "zirconia_crown", 45000, PriceSource::Default, 0);
        // Accepted at 09:00 in Qatar (06:00 UTC), the viewer's zone.
        const Answer inForce = owner->get("/billing/price-list?accepted=1");
        MOLAR_ASSERT_CONTAINS("You accepted version 1.", inForce.body);
        MOLAR_ASSERT_CONTAINS(
            "Version 1 is in force, accepted by Layla Haddad on May 12, 2026, 9:00\u202fAM.", inForce.body);
        MOLAR_ASSERT_NOT_CONTAINS("Accept version", inForce.body);

        // A new version waits for its own acceptance; version 1 stays in force meanwhile.
        cases.clock.advance(std::chrono::hours(1)); // within the sessions' idle time
        saved(*lab, cases, pearl, 1, {{"price-zirconia_crown", "380.50"}, {"price-emax_crown", "500"}});
        expectPrice(cases, pearl, "zirconia_crown", 40000, PriceSource::Agreed, 1);
        expectPrice(cases, pearl, "emax_crown", 55000, PriceSource::Default, 0);
        const Answer second = owner->get("/billing/price-list");
        MOLAR_ASSERT_CONTAINS("<th scope=\"col\">Price now</th>", second.body);
        MOLAR_ASSERT_CONTAINS("<td translate=\"no\">QAR\u00a0400.00</td><td><strong "
                              "translate=\"no\">QAR\u00a0380.50</strong></td>",
                              second.body);
        MOLAR_ASSERT_CONTAINS("Accept version 2", second.body);
        CPPUNIT_ASSERT_EQUAL(303, accept(*owner, list, 2).status);
        expectPrice(cases, pearl, "zirconia_crown", 38050, PriceSource::Agreed, 2);
        expectPrice(cases, pearl, "emax_crown", 50000, PriceSource::Agreed, 2);

        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(cases,
                                                    "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                    "'billing.price_list.saved' AND organization_id = ?",
                                                    {pearl}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(cases,
                                                    "SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                    "'billing.price_list.accepted' AND organization_id = ?",
                                                    {pearl}));
        const Answer labView = lab->get(labPath);
        MOLAR_ASSERT_CONTAINS("Version 2, accepted on May 12, 2026, 10:00\u202fAM", labView.body);
    }

    void anOwnerCannotAcceptAVersionTheLabReplaced()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        auto lab = clerk(cases);
        auto owner = cases.pearlOwner();
        saved(*lab, cases, pearl, 0, {{"price-zirconia_crown", "400"}});
        CPPUNIT_ASSERT_EQUAL(303, accept(*owner, listOf(cases, pearl), 1).status);
        saved(*lab, cases, pearl, 1, {{"price-zirconia_crown", "420"}});
        saved(*lab, cases, pearl, 2, {{"price-zirconia_crown", "440"}});

        // The owner read version 2; the lab has saved version 3 since.
        const Answer stale = accept(*owner, listOf(cases, pearl), 2);
        CPPUNIT_ASSERT_EQUAL(409, stale.status);
        MOLAR_ASSERT_CONTAINS("The lab changed the price list after you opened it. Read version 3 below",
                              stale.body);
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">QAR\u00a0440.00</strong>", stale.body);
        expectPrice(cases, pearl, "zirconia_crown", 40000, PriceSource::Agreed, 1);
        // A second click on the version just accepted changes nothing.
        CPPUNIT_ASSERT_EQUAL(303, accept(*owner, listOf(cases, pearl), 3).status);
        CPPUNIT_ASSERT_EQUAL(303, accept(*owner, listOf(cases, pearl), 3).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(cases, "SELECT COUNT(*) FROM billing_price_agreements"));
        expectPrice(cases, pearl, "zirconia_crown", 44000, PriceSource::Agreed, 3);
    }

    void onlyTheOwnerAccepts()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        auto lab = clerk(cases);
        saved(*lab, cases, pearl, 0, {{"price-zirconia_crown", "400"}});

        auto dentist = cases.pearlDentist();
        const Answer page = dentist->get("/billing/price-list");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">QAR\u00a0400.00</strong>", page.body);
        MOLAR_ASSERT_CONTAINS("Only your organization&#39;s owner can accept the proposed prices.",
                              page.body);
        MOLAR_ASSERT_NOT_CONTAINS("/billing/price-list/accept", page.body);
        const Answer refused = accept(*dentist, listOf(cases, pearl), 1);
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        MOLAR_ASSERT_CONTAINS("owner can accept a price list.", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases, "SELECT COUNT(*) FROM billing_price_agreements"));
        expectPrice(cases, pearl, "zirconia_crown", 45000, PriceSource::Default, 0);
    }

    void noOrganizationReachesAnothersList()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        const std::int64_t smile = organization(cases, "Smile Studio");
        auto lab = clerk(cases);
        saved(*lab, cases, pearl, 0, {{"price-zirconia_crown", "401"}});
        saved(*lab, cases, smile, 0, {{"price-zirconia_crown", "300"}});

        // Smile's owner cannot accept Pearl's list, nor read it on their page.
        auto smileOwner = cases.signIn("owner@smile.example", "demo smile owner");
        const Answer other = accept(*smileOwner, listOf(cases, pearl), 1);
        CPPUNIT_ASSERT_EQUAL(404, other.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases, "SELECT COUNT(*) FROM billing_price_agreements"));
        const Answer own = smileOwner->get("/billing/price-list");
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">QAR\u00a0300.00</strong>", own.body);
        MOLAR_ASSERT_NOT_CONTAINS("401.00", own.body);
        // Nor reach the lab's pages.
        CPPUNIT_ASSERT_EQUAL(403, smileOwner->get(std::string(labPath) + "/" + std::to_string(pearl)).status);
        CPPUNIT_ASSERT_EQUAL(403, smileOwner
                                      ->post(std::string(labPath) + "/" + std::to_string(pearl),
                                             {{"listId", "0"}, {"from", "1"}})
                                      .status);

        // A lab form that names Smile's list cannot change Pearl's.
        Form crossed{
            {"price-zirconia_crown", "1"}, {"listId", std::to_string(listOf(cases, smile))}, {"from", "1"}};
        const Answer refused = lab->post(std::string(labPath) + "/" + std::to_string(pearl), crossed);
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        MOLAR_ASSERT_CONTAINS("price list, so nothing was saved.", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             count(cases, "SELECT COUNT(*) FROM billing_price_list_versions"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            count(cases, "SELECT COUNT(*) FROM billing_price_list_items WHERE price_minor = 100"));
        // An organization that is not there.
        CPPUNIT_ASSERT_EQUAL(404, lab->get(std::string(labPath) + "/999999").status);
        CPPUNIT_ASSERT_EQUAL(404, lab->get(std::string(labPath) + "/x1").status);
    }

    void labRolesOnly()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        auto technician = cases.technician();
        const Answer refused = technician->get(labPath);
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        MOLAR_ASSERT_CONTAINS("administrators and billing clerks.", refused.body);
        CPPUNIT_ASSERT_EQUAL(403, save(*technician, cases, pearl, 0, {{"price-zirconia_crown", "1"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases, "SELECT COUNT(*) FROM billing_price_lists"));
        // The lab's admin saves as the clerk does.
        auto admin = cases.labAdmin();
        saved(*admin, cases, pearl, 0, {{"price-zirconia_crown", "410"}});
        // The menu links those who act: the clinic's owner, the lab's admins and clerks.
        const std::string clinicLink = "<a href=\"/billing/price-list\">Price list</a>";
        const std::string labLink = "<a href=\"/lab/billing/price-lists\">Price lists</a>";
        MOLAR_ASSERT_CONTAINS(clinicLink, cases.pearlOwner()->get("/cases").body);
        MOLAR_ASSERT_NOT_CONTAINS(clinicLink, cases.pearlDentist()->get("/cases").body);
        MOLAR_ASSERT_CONTAINS(labLink, admin->get("/lab/cases").body);
        MOLAR_ASSERT_CONTAINS(labLink, clerk(cases)->get("/lab/cases").body);
        MOLAR_ASSERT_NOT_CONTAINS(labLink, technician->get("/lab/cases").body);
        MOLAR_ASSERT_NOT_CONTAINS(clinicLink, admin->get("/lab/cases").body);
    }

    void badAmountsAreRefusedBesideTheirFields()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        auto lab = clerk(cases);
        const Answer refused = save(*lab, cases, pearl, 0,
                                    {{"price-zirconia_crown", "4.505"},
                                     {"price-emax_crown", "abc"},
                                     {"price-pfm_bridge", "-5"},
                                     {"price-emax_veneer", "1e3"},
                                     {"price-implant_crown", "1,400.5"}});
        CPPUNIT_ASSERT_EQUAL(422, refused.status);
        MOLAR_ASSERT_CONTAINS("Some prices are not amounts, so nothing was saved.", refused.body);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"price-zirconia_crown-error\" class=\"field-error\">Enter an amount in QAR with "
            "at most 2 decimals, such as 450.00, or leave the field blank.</p>",
            refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"price-emax_crown-error\"", refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"price-pfm_bridge-error\"", refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"price-emax_veneer-error\"", refused.body);
        MOLAR_ASSERT_NOT_CONTAINS("id=\"price-implant_crown-error\"", refused.body);
        // What was typed stays in the fields.
        MOLAR_ASSERT_CONTAINS("value=\"4.505\" aria-describedby=\"prices-hint price-zirconia_crown-error\" "
                              "aria-invalid=\"true\"",
                              refused.body);
        MOLAR_ASSERT_CONTAINS("value=\"abc\"", refused.body);
        MOLAR_ASSERT_CONTAINS("value=\"1,400.5\"", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases, "SELECT COUNT(*) FROM billing_price_lists"));

        // Corrected, it saves: "1,400.5" is 140050 minor units.
        saved(*lab, cases, pearl, 0, {{"price-implant_crown", "1,400.5"}, {"price-zirconia_crown", " 0 "}});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(140050),
                             count(cases,
                                   "SELECT price_minor FROM billing_price_list_items WHERE product_code = ?",
                                   {"implant_crown"}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count(cases,
                                   "SELECT price_minor FROM billing_price_list_items WHERE product_code = ?",
                                   {"zirconia_crown"}));
    }

    void sameOrStalePricesMakeNoVersion()
    {
        CasesPortal cases(withBilling());
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        auto lab = clerk(cases);
        saved(*lab, cases, pearl, 0, {{"price-zirconia_crown", "400"}});
        const Answer same = save(*lab, cases, pearl, 1, {{"price-zirconia_crown", "400.00"}});
        CPPUNIT_ASSERT_EQUAL(303, same.status);
        CPPUNIT_ASSERT_EQUAL(std::string(labPath) + "/" + std::to_string(pearl) + "?saved=unchanged",
                             same.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases, "SELECT version FROM billing_price_lists"));

        // Two clerks opened version 1; the second to save is told, and keeps what they typed.
        auto other = cases.labAdmin();
        saved(*lab, cases, pearl, 1, {{"price-zirconia_crown", "390"}});
        const Answer late = save(*other, cases, pearl, 1, {{"price-zirconia_crown", "385"}});
        CPPUNIT_ASSERT_EQUAL(409, late.status);
        MOLAR_ASSERT_CONTAINS("Someone saved version 2 of this list while you were editing it", late.body);
        MOLAR_ASSERT_CONTAINS("value=\"385\"", late.body);
        MOLAR_ASSERT_CONTAINS("name=\"from\" value=\"2\"", late.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(cases, "SELECT version FROM billing_price_lists"));
        // A form without the version it started from saves nothing.
        CPPUNIT_ASSERT_EQUAL(400, lab->post(std::string(labPath) + "/" + std::to_string(pearl),
                                            {{"price-zirconia_crown", "1"}})
                                      .status);
    }

    void amountsFollowTheCurrencysDigits()
    {
        {
            // Yen have no minor digits, so the shipped catalog's prices are written whole.
            DemoPortal::Settings yenCatalog{{"cases.currency", "JPY"}};
            for (const char* product : {"zirconia_crown", "emax_crown", "pfm_bridge", "emax_veneer",
                                        "implant_crown", "surgical_guide", "night_guard", "sports_mouthguard",
                                        "bespoke_appliance", "clear_aligners", "aligners_direct", "retainer"})
                yenCatalog.push_back({std::string("cases.product.") + product + ".price", "4500"});
            CasesPortal yen(withBilling(yenCatalog));
            const std::int64_t pearl = organization(yen, "Pearl Dental Group");
            auto lab = clerk(yen);
            const Answer refused = save(*lab, yen, pearl, 0, {{"price-zirconia_crown", "1250.5"}});
            CPPUNIT_ASSERT_EQUAL(422, refused.status);
            MOLAR_ASSERT_CONTAINS("Enter a whole amount in JPY", refused.body);
            saved(*lab, yen, pearl, 0, {{"price-zirconia_crown", "1,250"}});
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1250),
                                 count(yen, "SELECT price_minor FROM billing_price_list_items"));
            MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">¥1,250</strong>",
                                  yen.pearlOwner()->get("/billing/price-list").body);
        }
        CasesPortal dinar(withBilling({{"cases.currency", "KWD"}}));
        const std::int64_t pearl = organization(dinar, "Pearl Dental Group");
        auto lab = clerk(dinar);
        const Answer refused = save(*lab, dinar, pearl, 0, {{"price-zirconia_crown", "1.2345"}});
        CPPUNIT_ASSERT_EQUAL(422, refused.status);
        MOLAR_ASSERT_CONTAINS("Enter an amount in KWD with at most 3 decimals", refused.body);
        saved(*lab, dinar, pearl, 0, {{"price-zirconia_crown", "1.25"}});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250),
                             count(dinar, "SELECT price_minor FROM billing_price_list_items"));
        MOLAR_ASSERT_CONTAINS("<strong translate=\"no\">KWD\u00a01.250</strong>",
                              dinar.pearlOwner()->get("/billing/price-list").body);
    }

    void demoPricesAreSeededOnce()
    {
        CasesPortal cases(withBilling());
        cases.portal().seedPluginDemoData();
        cases.portal().seedPluginDemoData();
        const std::int64_t pearl = organization(cases, "Pearl Dental Group");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cases, "SELECT COUNT(*) FROM billing_price_list_versions"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count(cases, "SELECT COUNT(*) FROM billing_price_agreements"));
        // A tenth off the restorative work, accepted by the owner.
        expectPrice(cases, pearl, "zirconia_crown", 40500, PriceSource::Agreed, 1);
        const Answer page = cases.pearlOwner()->get("/billing/price-list");
        MOLAR_ASSERT_CONTAINS("Version 1 is in force, accepted by Layla Haddad", page.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PriceListTest);
