// The catalog: loading products and fields with refusals that name the key,
// amounts, and the checks of a product form's values.
#include "MapConfig.h"
#include "Refusals.h"

#include "catalog/Catalog.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace molar::cases;
using molar::cases::test::MapConfig;

namespace {

MapConfig crownCatalog()
{
    return MapConfig({
        {"currency", "QAR"},
        {"products", "crown"},
        {"product.crown.name", "Crown"},
        {"product.crown.family", "restorative"},
        {"product.crown.workflow", "restorative"},
        {"product.crown.slaHours", "40"},
        {"product.crown.price", "120.50"},
        {"product.crown.warrantyMonths", "24"},
        {"product.crown.chart", "teeth"},
        {"product.crown.shade", "true"},
        {"product.crown.fields", "margin, units, notes, model, agree"},
        {"field.margin.label", "Margin"},
        {"field.margin.type", "choice"},
        {"field.margin.options", "chamfer, shoulder"},
        {"field.margin.required", "true"},
        {"field.units.label", "Units"},
        {"field.units.type", "number"},
        {"field.units.min", "1"},
        {"field.units.max", "16"},
        {"field.units.required", "true"},
        {"field.notes.label", "Notes"},
        {"field.notes.type", "text"},
        {"field.notes.max", "10"},
        {"field.model.label", "Printed model"},
        {"field.model.type", "boolean"},
        {"field.agree.label", "I agree"},
        {"field.agree.type", "boolean"},
        {"field.agree.required", "true"},
    });
}

std::map<std::string, Workflow> oneWorkflow()
{
    Workflow restorative("restorative", "received", {{"received", "received", "", false}}, {"received"}, {});
    return {{"restorative", restorative}};
}

// Received, then production, and delivered, which ends a case.
std::map<std::string, Workflow> twoStates()
{
    Workflow restorative("restorative", "received",
                         {{"received", "received", "", false},
                          {"production", "manufacturing", "", false},
                          {"delivered", "delivered", "", true}},
                         {"received", "manufacturing", "delivered"}, {});
    return {{"restorative", restorative}};
}

const std::map<std::string, std::string> kGood{
    {"margin", "chamfer"}, {"units", "3"}, {"notes", "short"}, {"model", "false"}, {"agree", "true"}};

} // namespace

class CatalogTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CatalogTest);
    CPPUNIT_TEST(testLoadsProductAndFields);
    CPPUNIT_TEST(testParseAmount);
    CPPUNIT_TEST(testValidValues);
    CPPUNIT_TEST(testRequired);
    CPPUNIT_TEST(testChoice);
    CPPUNIT_TEST(testNumber);
    CPPUNIT_TEST(testTextLengthInCharacters);
    CPPUNIT_TEST(testTextThatIsNotUtf8);
    CPPUNIT_TEST(testBoolean);
    CPPUNIT_TEST(testCurrencyAndProductList);
    CPPUNIT_TEST(testProductRefusals);
    CPPUNIT_TEST(testUnknownWorkflow);
    CPPUNIT_TEST(testStartInAndFiles);
    CPPUNIT_TEST(testStartInRefusals);
    CPPUNIT_TEST(testFileSlotRefusals);
    CPPUNIT_TEST(testFieldRefusals);
    CPPUNIT_TEST(testUnusedFieldIsKept);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        MapConfig config = crownCatalog();
        _catalog = loadCatalog(config, oneWorkflow());
        _crown = *_catalog.product("crown");
    }

    std::map<std::string, std::string> problems(const std::string& field, const std::string& value) const
    {
        auto values = kGood;
        values[field] = value;
        return _catalog.validate(_crown, values);
    }

    std::string problem(const std::string& field, const std::string& value) const
    {
        auto found = problems(field, value);
        CPPUNIT_ASSERT_MESSAGE("more than one problem for " + field, found.size() <= 1);
        return found.count(field) ? found.at(field) : "";
    }

    void testLoadsProductAndFields()
    {
        MapConfig config = crownCatalog();
        Catalog catalog = loadCatalog(config, oneWorkflow());
        CPPUNIT_ASSERT(config.unreadKeys().empty());
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), catalog.currency());
        const Product& crown = *catalog.product("crown");
        CPPUNIT_ASSERT_EQUAL(std::string("Crown"), crown.name);
        CPPUNIT_ASSERT_EQUAL(std::string("restorative"), crown.family);
        CPPUNIT_ASSERT_EQUAL(40, crown.slaHours);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12050), crown.priceMinor);
        CPPUNIT_ASSERT_EQUAL(24, crown.warrantyMonths);
        CPPUNIT_ASSERT_EQUAL(std::string("teeth"), crown.chart);
        CPPUNIT_ASSERT(crown.shade);
        CPPUNIT_ASSERT(crown.fields ==
                       std::vector<std::string>({"margin", "units", "notes", "model", "agree"}));
        CPPUNIT_ASSERT(catalog.field("margin")->options == std::vector<std::string>({"chamfer", "shoulder"}));
        CPPUNIT_ASSERT(catalog.field("margin")->required);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), catalog.field("units")->min);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(16), catalog.field("units")->max);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), catalog.field("notes")->max);
        CPPUNIT_ASSERT(!catalog.field("model")->required);
        CPPUNIT_ASSERT(!catalog.product("veneer"));
        CPPUNIT_ASSERT(!catalog.field("colour"));
    }

    void testParseAmount()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12050), parseAmount("120.50", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12050), parseAmount("120.5", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12000), parseAmount("120", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), parseAmount("0.05", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), parseAmount("0", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(999999999999999), parseAmount("9999999999999.99", "QAR"));
        // Each currency with its own minor digits: yen have none, dinars three.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(450), parseAmount("450", "JPY"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(450000), parseAmount("450.000", "KWD"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(450000), parseAmount("450", "KWD"));
        CPPUNIT_ASSERT_THROW(parseAmount("450.5", "JPY"), std::invalid_argument);
        for (const char* bad :
             {"", "-1", "+1", "1.234", "abc", "1e3", "1.-5", "1..5", "99999999999999999999"})
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, parseAmount(bad, "QAR"), std::invalid_argument);
    }

    void testValidValues()
    {
        CPPUNIT_ASSERT(_catalog.validate(_crown, kGood).empty());
        // Values of fields the product does not list are not its business.
        auto values = kGood;
        values["colour"] = "";
        CPPUNIT_ASSERT(_catalog.validate(_crown, values).empty());
    }

    void testRequired()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), problem("margin", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), problem("margin", "   "));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), problem("units", ""));
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("notes", ""));
        auto found = _catalog.validate(_crown, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), found.size());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), found.at("margin"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), found.at("units"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), found.at("agree"));
    }

    void testChoice()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("margin", "shoulder"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.choice"), problem("margin", "bevel"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.choice"), problem("margin", "Chamfer"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.choice"), problem("margin", "chamfer,shoulder"));
    }

    void testNumber()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("units", "1"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("units", "16"));
        for (const char* bad : {"0", "17", "-1", "1.5", "abc", "+3", " 3", "3 ", "99999999999999999999", "-"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("cases.error.number"), problem("units", bad));
    }

    void testTextLengthInCharacters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("notes", "0123456789"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.tooLong"), problem("notes", "0123456789a"));
        // Ten Arabic letters are twenty bytes but ten characters.
        std::string arabic;
        for (int i = 0; i < 10; ++i)
            arabic += "\xd8\xb3";
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("notes", arabic));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.tooLong"), problem("notes", arabic + "\xd8\xb3"));
        std::string emoji;
        for (int i = 0; i < 10; ++i)
            emoji += "\xf0\x9f\xa6\xb7";
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("notes", emoji));
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("notes", "\xe2\x82\xac 120"));
    }

    void testTextThatIsNotUtf8()
    {
        for (const char* bad : {"\xff", "abc\xd8", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                                "\xf4\x90\x80\x80", "\x80", "\xe2\x82"})
            CPPUNIT_ASSERT_EQUAL(std::string("cases.error.encoding"), problem("notes", bad));
    }

    void testBoolean()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("model", "true"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), problem("model", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.choice"), problem("model", "maybe"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), problem("agree", "false"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), problem("agree", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.choice"), problem("agree", "yes"));
    }

    void testCurrencyAndProductList()
    {
        MapConfig config = crownCatalog();
        config.set("currency", "qar");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.currency", "ISO 4217");
        config.erase("currency");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.currency", "such as QAR");

        config = crownCatalog();
        config.erase("products");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.products",
                             "the codes of the products");
        config.set("products", "");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.products",
                             "the codes of the products");
        config.set("products", "crown, crown");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.products", "'crown' is repeated");
        config.set("products", "Crown");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.products", "'Crown' is not one");
        config.set("products", "crown, veneer");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.product.veneer.name",
                             "the product's name");

        config = crownCatalog();
        config.set("product.bridge.name", "Bridge");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.product.bridge.name",
                             "a product listed in cases.products");
    }

    void testProductRefusals()
    {
        struct Case
        {
            const char* key;
            const char* value;
            const char* fragment;
        };
        for (const Case& c : std::vector<Case>{
                 {"family", "Restorative", "a family name in lower case"},
                 {"slaHours", "0", "from 1 to 2000"},
                 {"slaHours", "forty", "from 1 to 2000"},
                 {"slaHours", "2001", "from 1 to 2000"},
                 {"price", "12,50", "an amount in QAR such as 120.00"},
                 {"price", "", "an amount in QAR"},
                 {"price", "-5", "an amount in QAR"},
                 {"warrantyMonths", "-1", "from 0 to 240"},
                 {"chart", "mouth", "one of teeth, arches, none"},
                 {"shade", "maybe", "true or false"},
                 {"fields", "margin, colour",
                  "fields defined by cases.field.<name>.type in place of 'colour'"},
                 {"fields", "margin, margin", "'margin' is repeated"},
             }) {
            MapConfig config = crownCatalog();
            config.set(std::string("product.crown.") + c.key, c.value);
            CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()),
                                 std::string("cases.product.crown.") + c.key, c.fragment);
        }
        MapConfig config = crownCatalog();
        config.erase("product.crown.slaHours");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.product.crown.slaHours",
                             "the turnaround in working hours");
        config = crownCatalog();
        config.erase("product.crown.name");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.product.crown.name",
                             "the product's name");
    }

    void testUnknownWorkflow()
    {
        MapConfig config = crownCatalog();
        config.set("product.crown.workflow", "aligner");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.product.crown.workflow",
                             "one of the workflows of cases.workflows (restorative)");
    }

    void testStartInAndFiles()
    {
        MapConfig config = crownCatalog();
        Catalog plain = loadCatalog(config, twoStates());
        CPPUNIT_ASSERT(plain.product("crown")->startIn.empty());
        CPPUNIT_ASSERT(plain.product("crown")->requiredFiles.empty());
        CPPUNIT_ASSERT(plain.product("crown")->recommendedFiles.empty());

        config.set("product.crown.startIn", "production");
        config.set("product.crown.requiredFiles", "upper_scan, lower_scan");
        config.set("product.crown.recommendedFiles", "bite_scan, photo");
        Catalog catalog = loadCatalog(config, twoStates());
        const Product* crown = catalog.product("crown");
        CPPUNIT_ASSERT_EQUAL(std::string("production"), crown->startIn);
        CPPUNIT_ASSERT(crown->requiredFiles == std::vector<std::string>({"upper_scan", "lower_scan"}));
        CPPUNIT_ASSERT(crown->recommendedFiles == std::vector<std::string>({"bite_scan", "photo"}));
        // An empty value is the workflow's entry.
        config.set("product.crown.startIn", "");
        CPPUNIT_ASSERT(loadCatalog(config, twoStates()).product("crown")->startIn.empty());
    }

    void testStartInRefusals()
    {
        for (const char* state : {"design", "delivered", "Production", "draft"}) {
            MapConfig config = crownCatalog();
            config.set("product.crown.startIn", state);
            CASES_ASSERT_REFUSED(
                loadCatalog(config, twoStates()), "cases.product.crown.startIn",
                "a state of workflow restorative that is not terminal (received, production)");
        }
    }

    void testFileSlotRefusals()
    {
        struct Case
        {
            const char* key;
            const char* value;
            const char* fragment;
        };
        for (const Case& c : std::vector<Case>{
                 {"requiredFiles", "upper_scan, message", "'message' is not one"},
                 {"requiredFiles", "upper",
                  "file slots among upper_scan, lower_scan, bite_scan, scan, photo, "
                  "radiograph, document"},
                 {"requiredFiles", "lower_scan, lower_scan", "'lower_scan' is repeated"},
                 {"recommendedFiles", "bite_scan, bite_scan", "'bite_scan' is repeated"},
                 {"recommendedFiles", "xray", "'xray' is not one"},
                 {"recommendedFiles", "bite_scan, upper_scan",
                  "slots not already required ('upper_scan' is)"},
             }) {
            MapConfig config = crownCatalog();
            config.set("product.crown.requiredFiles", "upper_scan");
            config.set(std::string("product.crown.") + c.key, c.value);
            CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()),
                                 std::string("cases.product.crown.") + c.key, c.fragment);
        }
    }

    void testFieldRefusals()
    {
        struct Case
        {
            const char* key;
            const char* value;
            const char* refused;
            const char* fragment;
        };
        for (const Case& c : std::vector<Case>{
                 {"field.margin.type", "", "field.margin.type", "one of choice, text, number, boolean"},
                 {"field.margin.type", "date", "field.margin.type", "one of choice, text, number, boolean"},
                 {"field.margin.label", "", "field.margin.label", "the text shown beside the input"},
                 {"field.margin.options", "", "field.margin.options", "the values a choice allows"},
                 {"field.margin.options", "Chamfer", "field.margin.options", "('Chamfer' is not)"},
                 {"field.margin.options", "chamfer, chamfer", "field.margin.options", "distinct values"},
                 {"field.margin.required", "perhaps", "field.margin.required", "true or false"},
                 {"field.margin.max", "3", "field.margin.max", "no max for a choice field"},
                 {"field.notes.options", "a, b", "field.notes.options", "no options for a text field"},
                 {"field.notes.min", "1", "field.notes.min", "no min for a text field"},
                 {"field.notes.max", "0", "field.notes.max", "from 1 to 100000"},
                 {"field.units.max", "0", "field.units.max", "a number not below cases.field.units.min (1)"},
                 {"field.units.min", "x", "field.units.min", "an integer"},
                 {"field.model.min", "0", "field.model.min", "no min for a boolean field"},
                 {"field.Notes.label", "Notes", "field.Notes.type", "('Notes' is not one"},
             }) {
            MapConfig config = crownCatalog();
            config.set(c.key, c.value);
            CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), std::string("cases.") + c.refused,
                                 c.fragment);
        }
        MapConfig config = crownCatalog();
        config.erase("field.margin.type");
        CASES_ASSERT_REFUSED(loadCatalog(config, oneWorkflow()), "cases.field.margin.type", "one of choice");
    }

    // A field no product lists stays defined; a key a field does not have is unknown.
    void testUnusedFieldIsKept()
    {
        MapConfig config = crownCatalog();
        config.set("field.spare.label", "Spare");
        config.set("field.spare.type", "text");
        config.set("field.notes.colour", "blue");
        Catalog catalog = loadCatalog(config, oneWorkflow());
        CPPUNIT_ASSERT(catalog.field("spare"));
        CPPUNIT_ASSERT(config.unreadKeys() == std::vector<std::string>({"cases.field.notes.colour"}));
    }

private:
    Catalog _catalog;
    Product _crown;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CatalogTest);
