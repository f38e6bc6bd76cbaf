// The lab's price-list form read without HTTP: blank fields keep the default, amounts
// become minor units in each item's currency, anything else is refused per field with
// what was typed kept; and the time of an acceptance in the viewer's zone.
#include "prices/PriceForm.h"
#include "prices/PricePages.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>

using namespace molar::billing;
using molar::sdk::CatalogItem;

namespace {

std::vector<CatalogItem> catalog(const std::string& currency)
{
    return {{"zirconia_crown", "Zirconia crown", "restorative", 45000, currency, 120},
            {"night_guard", "Night guard", "appliance", 35000, currency, 0},
            {"retainer", "Retainer", "aligner", 40000, currency, 0}};
}

PriceForm read(const std::string& currency, const std::map<std::string, std::string>& fields)
{
    return PriceForm::read(catalog(currency), [&](const std::string& name) {
        const auto found = fields.find(name);
        return found == fields.end() ? std::string() : found->second;
    });
}

} // namespace

class PriceFormTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PriceFormTest);
    CPPUNIT_TEST(blankFieldsKeepTheDefault);
    CPPUNIT_TEST(amountsAreMinorUnitsOfTheCurrency);
    CPPUNIT_TEST(whatIsNoAmountIsRefusedPerField);
    CPPUNIT_TEST_SUITE_END();

public:
    void blankFieldsKeepTheDefault()
    {
        const PriceForm form = read("QAR", {{"price-zirconia_crown", "   "}});
        CPPUNIT_ASSERT(form.ok());
        CPPUNIT_ASSERT(form.prices.empty());
        CPPUNIT_ASSERT_EQUAL(std::string(), form.typed.at("zirconia_crown"));
    }

    void amountsAreMinorUnitsOfTheCurrency()
    {
        const PriceForm qar = read("QAR", {{"price-zirconia_crown", " 1,250.5 "}, {"price-retainer", "0"}});
        CPPUNIT_ASSERT(qar.ok());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), qar.prices.at("zirconia_crown").minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), qar.prices.at("zirconia_crown").currency);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), qar.prices.at("retainer").minor); // free is a price
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), qar.prices.count("night_guard"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250),
                             read("JPY", {{"price-retainer", "1,250"}}).prices.at("retainer").minor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250),
                             read("KWD", {{"price-retainer", "1.25"}}).prices.at("retainer").minor);
    }

    void whatIsNoAmountIsRefusedPerField()
    {
        const PriceForm form =
            read("QAR",
                 {{"price-zirconia_crown", "4.505"}, {"price-night_guard", "-5"}, {"price-retainer", "400"}});
        CPPUNIT_ASSERT(!form.ok());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), form.errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("billing.prices.error.amount"), form.errors.at("zirconia_crown"));
        CPPUNIT_ASSERT_EQUAL(std::string("4.505"), form.typed.at("zirconia_crown"));
        CPPUNIT_ASSERT_EQUAL(std::string("-5"), form.typed.at("night_guard"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), form.prices.at("retainer").minor);
        const std::vector<std::string> bad{"abc", "1e3",  "12.", "1,25",
                                           "+5",  "0x10", "5.0", std::string(40, '1')};
        for (const std::string& text : bad)
            CPPUNIT_ASSERT_MESSAGE(text, !read("JPY", {{"price-retainer", text}}).ok());
        CPPUNIT_ASSERT(!read("KWD", {{"price-retainer", "1.2345"}}).ok());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PriceFormTest);
