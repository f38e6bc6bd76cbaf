// A price larger than any invoice line may be (InvoiceMath's kMaxAmountMinor) is refused
// on the price-list form, so that no delivered case is left that cannot be invoiced.
#include "invoices/InvoiceMath.h"
#include "prices/PriceForm.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::billing;

class PriceLimitTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PriceLimitTest);
    CPPUNIT_TEST(aPriceNoInvoiceCouldHoldIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void aPriceNoInvoiceCouldHoldIsRefused()
    {
        const std::vector<molar::sdk::CatalogItem> catalog = {
            {"zirconia_crown", "Zirconia crown", "restorative", 45000, "QAR", 120},
            {"retainer", "Retainer", "aligner", 4000, "JPY", 0}};
        const std::map<std::string, std::string> fields = {
            {"price-zirconia_crown", "92,233,720,368,547,758.07"}, {"price-retainer", "1,000,000,000,001"}};
        const PriceForm form = PriceForm::read(catalog, [&](const std::string& name) {
            const auto found = fields.find(name);
            return found == fields.end() ? std::string() : found->second;
        });
        CPPUNIT_ASSERT_EQUAL(std::string("billing.prices.error.amountTooLarge"),
                             form.errors.at("zirconia_crown"));
        CPPUNIT_ASSERT_EQUAL(std::string("billing.prices.error.amountTooLarge"), form.errors.at("retainer"));
        CPPUNIT_ASSERT(form.prices.empty());
        // The largest an invoice line takes is a price.
        const PriceForm largest = PriceForm::read(catalog, [](const std::string& name) {
            return name == "price-zirconia_crown" ? "10,000,000,000.00" : "";
        });
        CPPUNIT_ASSERT(largest.ok());
        CPPUNIT_ASSERT_EQUAL(kMaxAmountMinor, largest.prices.at("zirconia_crown").minor);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PriceLimitTest);
