// The shipped plugins/cases/config/cases.properties loads, every key in it is read, and
// it holds the catalog, workflows and working hours the product describes.
#include "DefaultConfig.h"
#include "CasesSettings.h"
#include "Refusals.h"

#include "catalog/Catalog.h"
#include "catalog/Workflow.h"
#include "eta/WorkingCalendar.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::cases;
using molar::cases::test::defaultConfig;
using molar::cases::test::MapConfig;

namespace {

std::vector<std::string> stateNames(const Workflow& workflow)
{
    std::vector<std::string> out;
    for (const auto& state : workflow.states())
        out.push_back(state.name);
    return out;
}

} // namespace

class DefaultConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DefaultConfigTest);
    CPPUNIT_TEST(testEveryKeyIsRead);
    CPPUNIT_TEST(testRestorativeWorkflow);
    CPPUNIT_TEST(testAlignerWorkflow);
    CPPUNIT_TEST(testCatalog);
    CPPUNIT_TEST(testAlignerFields);
    CPPUNIT_TEST(testDirectManufacturing);
    CPPUNIT_TEST(testWorkingHours);
    CPPUNIT_TEST(testOverridesAreChecked);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryKeyIsRead()
    {
        MapConfig config = defaultConfig();
        auto workflows = loadWorkflows(config);
        loadCatalog(config, workflows);
        WorkingCalendar::fromConfig(config, "UTC");
        readCasesSettings(config);
        auto unread = config.unreadKeys();
        CPPUNIT_ASSERT_MESSAGE(unread.empty() ? "" : "unread: " + unread.front(), unread.empty());
    }

    void testRestorativeWorkflow()
    {
        MapConfig config = defaultConfig();
        auto workflows = loadWorkflows(config);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), workflows.size());
        const Workflow& restorative = workflows.at("restorative");
        std::vector<std::string> twelve{"received",        "invoicing", "design",    "production",
                                        "finishing",       "qc",        "shipped",   "delivered",
                                        "awaiting_credit", "on_hold",   "cancelled", "remake_requested"};
        CPPUNIT_ASSERT(stateNames(restorative) == twelve);
        CPPUNIT_ASSERT_EQUAL(std::string("received"), restorative.entryState());

        std::map<std::string, std::string> stages{{"received", "received"},
                                                  {"invoicing", "accepted"},
                                                  {"design", "in_design"},
                                                  {"production", "manufacturing"},
                                                  {"finishing", "manufacturing"},
                                                  {"qc", "manufacturing"},
                                                  {"shipped", "out_for_delivery"},
                                                  {"delivered", "delivered"},
                                                  {"awaiting_credit", "awaiting_credit"},
                                                  {"on_hold", "on_hold"},
                                                  {"cancelled", "cancelled"},
                                                  {"remake_requested", "remake_requested"}};
        for (const auto& [state, stage] : stages)
            CPPUNIT_ASSERT_EQUAL(stage, restorative.state(state)->stage);
        std::vector<std::string> six{"received",      "accepted",         "in_design",
                                     "manufacturing", "out_for_delivery", "delivered"};
        CPPUNIT_ASSERT(
            std::vector<std::string>(restorative.stages().begin(), restorative.stages().begin() + 6) == six);

        CPPUNIT_ASSERT(restorative.state("delivered")->terminal);
        CPPUNIT_ASSERT(restorative.state("cancelled")->terminal);
        CPPUNIT_ASSERT(!restorative.state("remake_requested")->terminal);
        CPPUNIT_ASSERT_EQUAL(std::string("case.held"), restorative.state("on_hold")->event);
        CPPUNIT_ASSERT_EQUAL(std::string("case.delivered"), restorative.state("delivered")->event);
        CPPUNIT_ASSERT_EQUAL(std::string(), restorative.state("design")->event);

        CPPUNIT_ASSERT(restorative.transition("hold")->reasonRequired);
        CPPUNIT_ASSERT(restorative.transition("cancel")->reasonRequired);
        CPPUNIT_ASSERT(restorative.transition("request_remake")->reasonRequired);
        CPPUNIT_ASSERT(!restorative.transition("ship")->reasonRequired);
        CPPUNIT_ASSERT_EQUAL(std::string("@previous"), restorative.transition("resume")->to);
        // The credits plugin's moves: no user's.
        CPPUNIT_ASSERT(restorative.transition("await_credit")->bySystem());
        CPPUNIT_ASSERT(restorative.transition("credit_arrived")->bySystem());
        CPPUNIT_ASSERT_EQUAL(std::string("@previous"), restorative.transition("credit_arrived")->to);
        CPPUNIT_ASSERT(!restorative.transition("hold")->bySystem());
    }

    void testAlignerWorkflow()
    {
        MapConfig config = defaultConfig();
        const Workflow aligner = loadWorkflows(config).at("aligner");
        std::vector<std::string> states{
            "in_planning", "waiting_for_approval", "rejected", "in_production", "shipped",
            "delivered",   "awaiting_credit",      "on_hold",  "cancelled"};
        CPPUNIT_ASSERT(stateNames(aligner) == states);
        CPPUNIT_ASSERT(aligner.stages() == states);
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), aligner.entryState());
        CPPUNIT_ASSERT(!aligner.state("draft"));
        // The aligners plugin tells of a plan uploaded, with the plan: the move alone tells nothing.
        CPPUNIT_ASSERT_EQUAL(std::string(), aligner.state("waiting_for_approval")->event);
        CPPUNIT_ASSERT(aligner.transition("send_plan")->bySystem());
        CPPUNIT_ASSERT(aligner.transition("reject")->reasonRequired);
        CPPUNIT_ASSERT(!aligner.transition("approve")->reasonRequired);
        CPPUNIT_ASSERT(aligner.transition("await_credit")->bySystem());
        CPPUNIT_ASSERT(aligner.transition("credit_arrived")->bySystem());
    }

    void testCatalog()
    {
        MapConfig config = defaultConfig();
        Catalog catalog = loadCatalog(config, loadWorkflows(config));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), catalog.currency());
        for (const char* code : {"zirconia_crown", "emax_crown", "pfm_bridge", "emax_veneer", "implant_crown",
                                 "surgical_guide", "night_guard", "sports_mouthguard", "bespoke_appliance",
                                 "clear_aligners", "aligners_direct", "retainer"})
            CPPUNIT_ASSERT_MESSAGE(code, catalog.product(code));
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), catalog.products().size());

        const Product* crown = catalog.product("zirconia_crown");
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), crown->name);
        CPPUNIT_ASSERT_EQUAL(std::string("restorative"), crown->workflow);
        CPPUNIT_ASSERT_EQUAL(40, crown->slaHours);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45000), crown->priceMinor);
        // The lab's 10-year clinical warranty on every restorative case.
        for (const auto& product : catalog.products())
            if (product.family == "restorative")
                CPPUNIT_ASSERT_EQUAL_MESSAGE(product.code, 120, product.warrantyMonths);
        CPPUNIT_ASSERT_EQUAL(120, crown->warrantyMonths);
        CPPUNIT_ASSERT_EQUAL(std::string("teeth"), crown->chart);
        CPPUNIT_ASSERT(crown->shade);

        for (const auto& product : catalog.products()) {
            CPPUNIT_ASSERT_MESSAGE(product.code, product.slaHours > 0 && product.priceMinor > 0);
            for (const auto& field : product.fields)
                CPPUNIT_ASSERT_MESSAGE(product.code + ": " + field, catalog.field(field));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("aligner"), catalog.product("retainer")->workflow);
        CPPUNIT_ASSERT_EQUAL(std::string("arches"), catalog.product("retainer")->chart);
        CPPUNIT_ASSERT(!catalog.product("night_guard")->shade);
    }

    void testAlignerFields()
    {
        MapConfig config = defaultConfig();
        Catalog catalog = loadCatalog(config, loadWorkflows(config));
        const Product* aligners = catalog.product("clear_aligners");
        CPPUNIT_ASSERT_EQUAL(std::string("aligner"), aligners->workflow);
        CPPUNIT_ASSERT_EQUAL(std::string("arches"), aligners->chart);
        std::vector<std::string> fields{"impression", "treatment_type", "overjet", "overbite",    "midline",
                                        "ipr",        "attachments",    "design",  "instructions"};
        CPPUNIT_ASSERT(aligners->fields == fields);
        CPPUNIT_ASSERT(
            catalog.field("treatment_type")->options ==
            std::vector<std::string>({"social_smile_3_3", "premolar_5_5", "full_7_7", "as_recommended"}));
        for (const char* name : {"overjet", "overbite", "midline"})
            CPPUNIT_ASSERT(catalog.field(name)->options == std::vector<std::string>({"maintain", "improve"}));
        for (const char* name : {"ipr", "attachments"})
            CPPUNIT_ASSERT(catalog.field(name)->options ==
                           std::vector<std::string>({"yes", "no", "as_recommended"}));
        CPPUNIT_ASSERT(catalog.field("design")->options == std::vector<std::string>({"standard", "express"}));
        CPPUNIT_ASSERT_EQUAL(std::string("text"), catalog.field("instructions")->type);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000), catalog.field("instructions")->max);
        CPPUNIT_ASSERT(!catalog.field("instructions")->required);
    }

    // Aligners from the clinic's STLs: no planning, so straight into production, and only
    // with both arches' scans (the bite recommended).
    void testDirectManufacturing()
    {
        MapConfig config = defaultConfig();
        Catalog catalog = loadCatalog(config, loadWorkflows(config));
        const Product* direct = catalog.product("aligners_direct");
        CPPUNIT_ASSERT_EQUAL(std::string("Aligners from your STLs (no planning)"), direct->name);
        CPPUNIT_ASSERT_EQUAL(std::string("aligner"), direct->family);
        CPPUNIT_ASSERT_EQUAL(std::string("aligner"), direct->workflow);
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), direct->startIn);
        CPPUNIT_ASSERT(direct->requiredFiles == std::vector<std::string>({"upper_scan", "lower_scan"}));
        CPPUNIT_ASSERT(direct->recommendedFiles == std::vector<std::string>({"bite_scan"}));
        CPPUNIT_ASSERT_EQUAL(std::string("arches"), direct->chart);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(390000), direct->priceMinor);
        CPPUNIT_ASSERT_EQUAL(12, direct->warrantyMonths);
        CPPUNIT_ASSERT(direct->fields == std::vector<std::string>({"impression", "instructions"}));
        // Every other product starts at its workflow's entry and asks for no files.
        for (const auto& product : catalog.products())
            if (product.code != "aligners_direct")
                CPPUNIT_ASSERT_MESSAGE(product.code, product.startIn.empty() &&
                                                         product.requiredFiles.empty() &&
                                                         product.recommendedFiles.empty());
    }

    void testWorkingHours()
    {
        MapConfig config = defaultConfig();
        // The defaults name no zone: the working hours are in the lab's (portal.timeZone).
        WorkingHours hours = WorkingCalendar::fromConfig(config, "Europe/Paris");
        WorkingHours defaults;
        CPPUNIT_ASSERT(hours.days == defaults.days);
        CPPUNIT_ASSERT_EQUAL(9 * 60, hours.openMinute);
        CPPUNIT_ASSERT_EQUAL(19 * 60, hours.closeMinute);
        CPPUNIT_ASSERT_EQUAL(11 * 60, hours.cutoffMinute);
        CPPUNIT_ASSERT_EQUAL(std::string("Europe/Paris"), hours.timeZone);
        CPPUNIT_ASSERT(hours.holidays.empty());
    }

    // An admin's override goes through the same checks as the defaults.
    void testOverridesAreChecked()
    {
        MapConfig config = defaultConfig();
        config.set("product.emax_crown.workflow", "restorative_v2");
        CASES_ASSERT_REFUSED(loadCatalog(config, loadWorkflows(config)), "cases.product.emax_crown.workflow",
                             "aligner, restorative");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DefaultConfigTest);
