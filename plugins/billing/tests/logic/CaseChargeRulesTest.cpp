// case.priced and case.charged as billing reads them: what is kept, and each refusal
// (sdk::PermanentError, which rolls the publisher's transaction back) naming its field.
#include "charges/CaseChargeRules.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace molar;
using namespace molar::billing;

namespace {

sdk::Value priced()
{
    return sdk::Value::object({{"caseId", 42},
                               {"number", "TR-261203-0A1B"},
                               {"organizationId", 7},
                               {"clinicId", 3},
                               {"amountMinor", 590000},
                               {"currency", "QAR"},
                               {"label", "TWO"},
                               {"source", "aligners.plan"}});
}

sdk::Value charged()
{
    return sdk::Value::object({{"chargeKey", "aligners.upgrade.42.TWO"},
                               {"caseId", 42},
                               {"number", "TR-261203-0A1B"},
                               {"organizationId", 7},
                               {"clinicId", 3},
                               {"amountMinor", 110000},
                               {"currency", "QAR"},
                               {"label", "Plan upgrade ONE \xe2\x86\x92 TWO"}});
}

sdk::Value with(sdk::Value payload, const std::string& field, sdk::Value value)
{
    payload.set(field, std::move(value));
    return payload;
}

// The refusal's message names `part`.
template <typename Read> void expectRefused(Read read, const sdk::Value& payload, const std::string& part)
{
    try {
        read(payload);
    } catch (const sdk::PermanentError& e) {
        CPPUNIT_ASSERT_MESSAGE(std::string(e.what()) + " should name " + part,
                               std::string(e.what()).find(part) != std::string::npos);
        return;
    }
    CPPUNIT_FAIL("not refused: " + part);
}

} // namespace

class CaseChargeRulesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CaseChargeRulesTest);
    CPPUNIT_TEST(aPricedCaseIsReadWhole);
    CPPUNIT_TEST(aPricedCaseWithoutAShapeOrWithABadAmountIsRefused);
    CPPUNIT_TEST(aChargeIsReadWhole);
    CPPUNIT_TEST(aChargeWithoutAKeyOrLineIsRefused);
    CPPUNIT_TEST(theAgreedLineNamesTheProductAndTheOption);
    CPPUNIT_TEST_SUITE_END();

public:
    void aPricedCaseIsReadWhole()
    {
        const PricedCase p = readPricedCase(priced());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(42), p.caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("TR-261203-0A1B"), p.number);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), p.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), p.clinicId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(590000), p.price.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), p.price.currency);
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), p.label);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.plan"), p.source);
        // 0 is a price (a free option); no label, no source are allowed.
        sdk::Value bare = with(with(with(priced(), "amountMinor", 0), "label", nullptr), "source", nullptr);
        const PricedCase free = readPricedCase(bare);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), free.price.minor);
        CPPUNIT_ASSERT_EQUAL(std::string(), free.label);
        // A currency of three digits is invoiced in its own minor units.
        CPPUNIT_ASSERT_EQUAL(std::string("KWD"),
                             readPricedCase(with(priced(), "currency", "KWD")).price.currency);
    }

    void aPricedCaseWithoutAShapeOrWithABadAmountIsRefused()
    {
        auto read = [](const sdk::Value& v) { readPricedCase(v); };
        expectRefused(read, with(priced(), "caseId", 0), "caseId");
        expectRefused(read, with(priced(), "caseId", "42"), "caseId");
        expectRefused(read, with(priced(), "organizationId", -1), "organizationId");
        expectRefused(read, with(priced(), "clinicId", -3), "clinicId");
        expectRefused(read, with(priced(), "amountMinor", -1), "negative");
        expectRefused(read, with(priced(), "amountMinor", 5900.0), "integer");
        expectRefused(read, with(priced(), "amountMinor", "590000"), "integer");
        expectRefused(read, with(priced(), "amountMinor", 1000000000001LL), "beyond");
        expectRefused(read, with(priced(), "currency", "qar"), "currency");
        expectRefused(read, with(priced(), "currency", ""), "currency");
        expectRefused(read, with(priced(), "currency", "QATAR"), "currency");
        expectRefused(read, with(priced(), "label", std::string(101, 'X')), "label");
        expectRefused(read, with(priced(), "label", "TWO\nTHREE"), "control");
        expectRefused(read, with(priced(), "number", std::string(33, '1')), "number");
        expectRefused(read, sdk::Value::object(), "caseId");
    }

    void aChargeIsReadWhole()
    {
        const CaseCharge c = readCaseCharge(charged());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upgrade.42.TWO"), c.chargeKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(42), c.caseId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), c.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), c.clinicId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(110000), c.amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), c.amount.currency);
        CPPUNIT_ASSERT_EQUAL(std::string("Plan upgrade ONE \xe2\x86\x92 TWO"), c.label);
        // 0 is read (and charges nothing); a clinic of 0 is the whole organization.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), readCaseCharge(with(charged(), "amountMinor", 0)).amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), readCaseCharge(with(charged(), "clinicId", 0)).clinicId);
        // Without a key: a line shown as its label, one unit.
        CPPUNIT_ASSERT_EQUAL(std::string(), c.itemKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), c.quantity);
        // Named by the publisher's catalog, counted, with a variant.
        sdk::Value named = with(with(charged(), "itemKey", "aligners.charge.replacement"), "quantity", 4);
        named = with(named, "detail", "ONE \xe2\x86\x92 TWO");
        const CaseCharge n = readCaseCharge(named);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.charge.replacement"), n.itemKey);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), n.quantity);
        CPPUNIT_ASSERT_EQUAL(std::string("ONE \xe2\x86\x92 TWO"), n.detail);
    }

    void aChargeWithoutAKeyOrLineIsRefused()
    {
        auto read = [](const sdk::Value& v) { readCaseCharge(v); };
        expectRefused(read, with(charged(), "chargeKey", ""), "chargeKey");
        expectRefused(read, with(charged(), "chargeKey", "aligners upgrade"), "chargeKey");
        expectRefused(read, with(charged(), "chargeKey", std::string(129, 'k')), "chargeKey");
        expectRefused(read, with(charged(), "chargeKey", "aligners.\xc3\xa9"), "chargeKey");
        expectRefused(read, with(charged(), "caseId", 0), "caseId");
        expectRefused(read, with(charged(), "amountMinor", -500), "negative");
        expectRefused(read, with(charged(), "currency", "Q1R"), "currency");
        expectRefused(read, with(charged(), "label", ""), "label");
        expectRefused(read, with(charged(), "label", "   "), "label");
        expectRefused(read, with(charged(), "label", std::string(501, 'x')), "label");
        // A product code is not a charge's key: the invoice would name the wrong thing.
        expectRefused(read, with(charged(), "itemKey", "zirconia_crown"), "itemKey");
        expectRefused(read, with(charged(), "itemKey", "aligners.charge replacement"), "itemKey");
        expectRefused(read, with(charged(), "itemKey", "aligners." + std::string(60, 'k')), "itemKey");
        expectRefused(read, with(charged(), "quantity", 0), "quantity");
        expectRefused(read, with(charged(), "quantity", "3"), "quantity");
        expectRefused(read, with(charged(), "quantity", 1001), "quantity");
        // 110000 is not 3 times a whole unit price.
        expectRefused(read, with(charged(), "quantity", 3), "unit price");
        expectRefused(read, with(charged(), "detail", "line\nbreak"), "detail");
    }

    void theAgreedLineNamesTheProductAndTheOption()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Clear aligners (TWO)"), agreedLineName("Clear aligners", "TWO"));
        CPPUNIT_ASSERT_EQUAL(std::string("Clear aligners"), agreedLineName("Clear aligners", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("case.priced.17"), agreedDifferenceKey(17));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CaseChargeRulesTest);
