// My cases without HTTP: the list's parameters become a query or messages, and a page
// of rows with the counts by stage becomes the page's filters, rows and next address.
#include "PageFixtures.h"

#include "web/CaseListPresenter.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <memory>

using namespace molar;
using namespace molar::cases;
using molar::cases::test::fields;
using molar::cases::test::KeyWords;
using molar::cases::test::ShippedCatalog;

class CaseListPresenterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CaseListPresenterTest);
    CPPUNIT_TEST(testNoParameters);
    CPPUNIT_TEST(testStageFilter);
    CPPUNIT_TEST(testProductFilter);
    CPPUNIT_TEST(testSearch);
    CPPUNIT_TEST(testDatesAreDaysInTheViewersZone);
    CPPUNIT_TEST(testDatesAreDigitsAlone);
    CPPUNIT_TEST(testToDateTakesInADayOfChangedClocks);
    CPPUNIT_TEST(testCursor);
    CPPUNIT_TEST(testRowsAndNextPage);
    CPPUNIT_TEST(testQuickFilters);
    CPPUNIT_TEST(testProductsInTheViewersLanguage);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _shipped = std::make_unique<ShippedCatalog>();
        _options = std::make_unique<CaseListOptions>(CaseListOptions{
            _shipped->catalog,
            "TR",
            {"draft", "received", "manufacturing", "on_hold"},
            [](const std::string& stage) {
                return stage == "manufacturing" ? std::vector<std::string>{"design", "production"}
                                                : std::vector<std::string>{stage};
            }});
    }

    void testNoParameters()
    {
        auto presenter = read({});
        CPPUNIT_ASSERT(presenter->valid());
        const CaseListQuery& query = presenter->query();
        CPPUNIT_ASSERT(query.stage.empty() && query.products.empty() && query.number.empty());
        CPPUNIT_ASSERT_EQUAL(CaseListPresenter::pageSize + 1, query.limit);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), query.afterId);
    }

    void testStageFilter()
    {
        auto presenter = read({{"status", "manufacturing"}});
        CPPUNIT_ASSERT_EQUAL(std::string("manufacturing"), presenter->query().stage);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), presenter->query().stageStatuses.size());
        CPPUNIT_ASSERT_EQUAL(std::string("production"), presenter->query().stageStatuses[1]);
    }

    void testProductFilter()
    {
        auto presenter = read({{"product", "emax_crown"}});
        CPPUNIT_ASSERT(presenter->valid());
        CPPUNIT_ASSERT_EQUAL(std::string("emax_crown"), presenter->query().products.at(0));
        presenter = read({{"product", "gold_tooth"}});
        CPPUNIT_ASSERT(!presenter->valid());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.product"), presenter->errors().getString("product"));
    }

    void testSearch()
    {
        // A case number, whatever its case.
        auto presenter = read({{"q", "  tr-260512-1a4f "}});
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260512-1A4F"), presenter->query().number);
        CPPUNIT_ASSERT(presenter->query().patientPrefix.empty());
        // A product's name finds every product that has it.
        presenter = read({{"q", "Crown"}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), presenter->query().products.size()); // zirconia, e.max, implant
        CPPUNIT_ASSERT(presenter->query().patientPrefix.empty());
        // With a product chosen, the words are a patient reference.
        presenter = read({{"q", "crown"}, {"product", "pfm_bridge"}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), presenter->query().products.size());
        CPPUNIT_ASSERT_EQUAL(std::string("crown"), presenter->query().patientPrefix);
        // Else a patient reference prefix, at most 64 characters.
        presenter = read({{"q", " P-00 "}});
        CPPUNIT_ASSERT_EQUAL(std::string("P-00"), presenter->query().patientPrefix);
        presenter = read({{"q", std::string(80, 'x')}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), presenter->query().patientPrefix.size());
        presenter = read({{"q", "   "}});
        CPPUNIT_ASSERT(presenter->query().patientPrefix.empty() && presenter->query().products.empty());
    }

    void testDatesAreDaysInTheViewersZone()
    {
        _zone = "Europe/Paris";
        // 2026-03-02 is a Monday; Paris is UTC+1 then.
        auto presenter = read({{"createdFrom", "2026-03-02"}, {"createdTo", "2026-03-02"}});
        CPPUNIT_ASSERT(presenter->valid());
        const std::int64_t midnight = 1772406000; // 2026-03-01T23:00:00Z
        CPPUNIT_ASSERT_EQUAL(midnight, presenter->query().createdFrom);
        CPPUNIT_ASSERT_EQUAL(midnight + 24 * 3600, presenter->query().createdTo);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), presenter->query().updatedFrom);

        presenter = read({{"updatedFrom", "2026-02-30"}, {"updatedTo", "yesterday"}});
        CPPUNIT_ASSERT(!presenter->valid());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.date"), presenter->errors().getString("updatedFrom"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.date"), presenter->errors().getString("updatedTo"));
        // The page shows back what was typed.
        const sdk::Value data = presenter->view({}, {}, row);
        CPPUNIT_ASSERT_EQUAL(std::string("yesterday"), data.get("filters").getString("updatedTo"));
    }

    // Found by the case-list-query fuzzer: a "to" date ended 24 hours after its midnight,
    // so the day the clocks go back lost its last hour and the day they go forward took
    // in the next day's first.
    void testToDateTakesInADayOfChangedClocks()
    {
        _zone = "Europe/Paris";
        // 2026-10-25 has 25 hours in Paris: from 2026-10-24T22:00Z to 2026-10-25T23:00Z.
        auto presenter = read({{"createdFrom", "2026-10-25"}, {"createdTo", "2026-10-25"}});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1792879200), presenter->query().createdFrom);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1792969200), presenter->query().createdTo);
        // 2026-03-29 has 23: from 2026-03-28T23:00Z to 2026-03-29T22:00Z.
        presenter = read({{"updatedFrom", "2026-03-29"}, {"updatedTo", "2026-03-29"}});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1774738800), presenter->query().updatedFrom);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1774821600), presenter->query().updatedTo);
        // Samoa skipped 2011-12-30 altogether: the day is empty, from and to the same instant.
        _zone = "Pacific/Apia";
        presenter = read({{"createdFrom", "2011-12-30"}, {"createdTo", "2011-12-30"}});
        CPPUNIT_ASSERT(presenter->valid());
        CPPUNIT_ASSERT_EQUAL(presenter->query().createdFrom, presenter->query().createdTo);
    }

    // Found by the case-list-query fuzzer: sscanf's numbers took a sign or blanks, so
    // "-999-12-31" was a day in the year -999.
    void testDatesAreDigitsAlone()
    {
        for (const char* text :
             {"-999-12-31", "+026-03-02", "2026-+3-02", "2026- 3-02", "2026-03- 2", " 026-03-02"}) {
            auto presenter = read({{"createdFrom", text}});
            CPPUNIT_ASSERT_MESSAGE(text, !presenter->valid());
            CPPUNIT_ASSERT_EQUAL(std::string("cases.error.date"),
                                 presenter->errors().getString("createdFrom"));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), presenter->query().createdFrom);
        }
        CPPUNIT_ASSERT(read({{"createdFrom", "0001-01-01"}})->valid());
    }

    void testCursor()
    {
        auto presenter = read({{"after", "1772406000.17"}});
        CPPUNIT_ASSERT(presenter->valid());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1772406000), presenter->query().afterUpdatedAt);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(17), presenter->query().afterId);
        CPPUNIT_ASSERT_EQUAL(std::string("/cases"), presenter->view({}, {}, row).getString("firstHref"));
        presenter = read({{"after", "page2"}});
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.cursor"), presenter->errors().getString("after"));
        // Found by the case-list-query fuzzer: a second dot and what followed it were ignored.
        for (const char* text : {"1772406000.17.5", "1772406000.17.", "1.2.3.4"}) {
            presenter = read({{"after", text}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, std::string("cases.error.cursor"),
                                         presenter->errors().getString("after"));
        }
    }

    void testRowsAndNextPage()
    {
        std::vector<CaseRecord> rows(26);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            rows[i].id = static_cast<std::int64_t>(100 - i);
            rows[i].updatedAt = 5000 - static_cast<std::int64_t>(i);
        }
        auto presenter = read({{"q", "P 1&2"}, {"status", "received"}});
        sdk::Value data = presenter->view(rows, {}, row);
        CPPUNIT_ASSERT_EQUAL(std::size_t(25), data.get("cases").size());
        CPPUNIT_ASSERT_EQUAL(std::string("row 76"), data.get("cases").at(24).getString("text"));
        CPPUNIT_ASSERT(!data.get("empty").asBool());
        CPPUNIT_ASSERT_EQUAL(std::string("/cases?q=P%201%262&status=received&after=4976.76"),
                             data.getString("nextHref"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), data.getString("firstHref"));

        // A page and no more: no next page.
        rows.resize(25);
        data = presenter->view(rows, {}, row);
        CPPUNIT_ASSERT_EQUAL(std::string(""), data.getString("nextHref"));
        data = presenter->view({}, {}, row);
        CPPUNIT_ASSERT(data.get("empty").asBool());
    }

    void testQuickFilters()
    {
        auto presenter = read({{"status", "manufacturing"}, {"deleted", "1"}});
        const sdk::Value data = presenter->view({}, {{"draft", 2}, {"manufacturing", 5}}, row);
        // All, then the stages that have cases, in the stages' order.
        const auto& quick = data.get("quick").asArray();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), quick.size());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.list.all"), quick[0].getString("label"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), quick[0].getInt("count"));
        CPPUNIT_ASSERT(!quick[0].get("current").asBool());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.stage.manufacturing"), quick[2].getString("label"));
        CPPUNIT_ASSERT_EQUAL(std::string("/cases?status=manufacturing"), quick[2].getString("href"));
        CPPUNIT_ASSERT(quick[2].get("current").asBool());
        // Every stage can be chosen, counted or not.
        const auto& statuses = data.get("statuses").asArray();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), statuses.size());
        CPPUNIT_ASSERT(statuses[2].get("selected").asBool());
        CPPUNIT_ASSERT_EQUAL(_shipped->catalog.products().size(), data.get("products").size());
        CPPUNIT_ASSERT(data.get("deleted").asBool());
    }

    // A reader of French sees the products' French names and finds a case by them too.
    void testProductsInTheViewersLanguage()
    {
        class FrenchNames : public KeyWords
        {
        public:
            std::string name(const std::string& key, const std::string& configured) const override
            {
                return key == "cases.productName.zirconia_crown" ? "Couronne zircone" : configured;
            }
        } french;
        CaseListPresenter presenter(*_options, french, _zone);
        presenter.read(fields({{"q", "zircone"}}));
        CPPUNIT_ASSERT(presenter.query().products == std::vector<std::string>{"zirconia_crown"});
        const sdk::Value data = presenter.view({}, {}, row);
        const auto& products = data.get("products").asArray();
        const auto zirconia = std::find_if(products.begin(), products.end(), [](const sdk::Value& p) {
            return p.getString("value") == "zirconia_crown";
        });
        CPPUNIT_ASSERT(zirconia != products.end());
        CPPUNIT_ASSERT_EQUAL(std::string("Couronne zircone"), zirconia->getString("label"));
        // The configured English name still finds it.
        presenter.read(fields({{"q", "Zirconia"}}));
        CPPUNIT_ASSERT(presenter.query().products == std::vector<std::string>{"zirconia_crown"});
    }

private:
    std::unique_ptr<CaseListPresenter> read(std::map<std::string, std::string> params)
    {
        auto presenter = std::make_unique<CaseListPresenter>(*_options, _words, _zone);
        presenter->read(fields(std::move(params)));
        return presenter;
    }

    static sdk::Value row(const CaseRecord& record)
    {
        return sdk::Value::object({{"text", "row " + std::to_string(record.id)}});
    }

    std::unique_ptr<ShippedCatalog> _shipped;
    std::unique_ptr<CaseListOptions> _options;
    KeyWords _words;
    std::string _zone = "UTC";
};

CPPUNIT_TEST_SUITE_REGISTRATION(CaseListPresenterTest);
