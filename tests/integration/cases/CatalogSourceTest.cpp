// The cases plugin offers its products to the host's catalog (sdk::CatalogSource): each
// configured product with its English name, family, default price in minor units, the
// catalog's currency and its warranty, as billing prices work from it.
#include "CasesPortal.h"

#include <algorithm>

using namespace molar::test;

class CatalogSourceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CatalogSourceTest);
    CPPUNIT_TEST(offersEveryProductWithItsDefaultPrice);
    CPPUNIT_TEST_SUITE_END();

public:
    void offersEveryProductWithItsDefaultPrice()
    {
        CasesPortal cases({{"cases.currency", "EUR"}, {"cases.product.zirconia_crown.price", "450.50"}});
        const auto items = cases.portal().catalog();
        CPPUNIT_ASSERT(items.size() > 1);
        auto crown = std::find_if(items.begin(), items.end(), [](const molar::sdk::CatalogItem& item) {
            return item.code == "zirconia_crown";
        });
        CPPUNIT_ASSERT(crown != items.end());
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), crown->name);
        CPPUNIT_ASSERT_EQUAL(std::string("restorative"), crown->family);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45050), crown->priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("EUR"), crown->currency);
        CPPUNIT_ASSERT_EQUAL(120, crown->warrantyMonths);
        for (const auto& item : items)
            CPPUNIT_ASSERT_EQUAL(std::string("EUR"), item.currency);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CatalogSourceTest);
