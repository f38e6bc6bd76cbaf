// The lab's adjustment and discount forms read without HTTP: an amount typed positive in
// the currency's own digits with a direction, a reason that must be given, the hidden key a
// double submit repeats; and percentages typed like "12.5" as basis points up to the limit.
#include "web/AdjustmentForm.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <set>

using namespace molar::credits;

namespace {

const std::string kKey = "0123456789abcdef";

AdjustmentForm read(const std::map<std::string, std::string>& fields, const std::string& currency = "QAR")
{
    return AdjustmentForm::read(
        [&](const std::string& name) {
            const auto found = fields.find(name);
            return found == fields.end() ? std::string() : found->second;
        },
        currency);
}

} // namespace

class AdjustmentFormTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdjustmentFormTest);
    CPPUNIT_TEST(anAdditionAndARemoval);
    CPPUNIT_TEST(amountsFollowTheCurrencysDigits);
    CPPUNIT_TEST(badAmountsAreRefusedKeepingWhatWasTyped);
    CPPUNIT_TEST(aReasonIsRequired);
    CPPUNIT_TEST(aDirectionIsRequired);
    CPPUNIT_TEST(aFormWithoutItsKeyIsRefused);
    CPPUNIT_TEST(keysAreRandomHex);
    CPPUNIT_TEST(percentagesBecomeBasisPoints);
    CPPUNIT_TEST(percentagesBeyondTheLimitOrMalformedAreRefused);
    CPPUNIT_TEST(basisPointsReadBackAsTyped);
    CPPUNIT_TEST_SUITE_END();

public:
    void anAdditionAndARemoval()
    {
        const auto add =
            read({{"amount", "1,250.50"}, {"direction", "add"}, {"reason", "  Goodwill  "}, {"key", kKey}});
        CPPUNIT_ASSERT(add.ok());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), add.signedMinor());
        CPPUNIT_ASSERT_EQUAL(std::string("Goodwill"), add.reason);
        CPPUNIT_ASSERT_EQUAL(std::string("adjustment:") + kKey, add.sourceKey());

        const auto remove =
            read({{"amount", "20"}, {"direction", "remove"}, {"reason", "Duplicate"}, {"key", kKey}});
        CPPUNIT_ASSERT(remove.ok());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-2000), remove.signedMinor());
    }

    void amountsFollowTheCurrencysDigits()
    {
        const std::map<std::string, std::string> base{{"direction", "add"}, {"reason", "r"}, {"key", kKey}};
        auto fields = base;
        fields["amount"] = "1,250";
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250), read(fields, "JPY").amountMinor);
        fields["amount"] = "1.250";
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250), read(fields, "KWD").amountMinor);
        CPPUNIT_ASSERT(read(fields, "JPY").errors.count("amount"));
        fields["amount"] = "1.234";
        CPPUNIT_ASSERT(read(fields, "QAR").errors.count("amount"));
    }

    void badAmountsAreRefusedKeepingWhatWasTyped()
    {
        for (const std::string typed : {"-5", "+5", "0", "0.00", "abc", "1,2,3", "99999999999999999999999"}) {
            const auto form = read({{"amount", typed}, {"direction", "add"}, {"reason", "r"}, {"key", kKey}});
            CPPUNIT_ASSERT_MESSAGE(typed, !form.ok());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(typed, std::string("credits.lab.error.amount"),
                                         form.errors.at("amount"));
            CPPUNIT_ASSERT_EQUAL(typed, form.amount);
        }
        const auto empty = read({{"amount", "  "}, {"direction", "add"}, {"reason", "r"}, {"key", kKey}});
        CPPUNIT_ASSERT_EQUAL(std::string("credits.lab.error.amountRequired"), empty.errors.at("amount"));
    }

    void aReasonIsRequired()
    {
        const auto blank = read({{"amount", "5"}, {"direction", "add"}, {"reason", " \t "}, {"key", kKey}});
        CPPUNIT_ASSERT_EQUAL(std::string("credits.lab.error.reasonRequired"), blank.errors.at("reason"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), blank.errors.size());
        // 500 characters (Arabic letters are two bytes each) pass; 501 do not.
        std::string arabic;
        for (int i = 0; i < 500; ++i)
            arabic += "\xd8\xb3";
        CPPUNIT_ASSERT(read({{"amount", "5"}, {"direction", "add"}, {"reason", arabic}, {"key", kKey}}).ok());
        const auto tooLong =
            read({{"amount", "5"}, {"direction", "add"}, {"reason", arabic + "x"}, {"key", kKey}});
        CPPUNIT_ASSERT_EQUAL(std::string("credits.lab.error.reasonTooLong"), tooLong.errors.at("reason"));
    }

    void aDirectionIsRequired()
    {
        for (const std::string direction : {"", "subtract", "ADD"}) {
            const auto form =
                read({{"amount", "5"}, {"direction", direction}, {"reason", "r"}, {"key", kKey}});
            CPPUNIT_ASSERT_MESSAGE(direction, form.errors.count("direction"));
        }
    }

    void aFormWithoutItsKeyIsRefused()
    {
        for (const std::string key :
             {"", "0123456789abcde", "0123456789ABCDEF", "0123456789abcdefa", "zz23456789abcdef"})
            CPPUNIT_ASSERT_MESSAGE(
                key, read({{"amount", "5"}, {"direction", "add"}, {"reason", "r"}, {"key", key}})
                         .errors.count("key"));
    }

    void keysAreRandomHex()
    {
        std::set<std::string> seen;
        for (int i = 0; i < 100; ++i) {
            const std::string key = AdjustmentForm::newKey();
            CPPUNIT_ASSERT_MESSAGE(key, AdjustmentForm::isKey(key));
            seen.insert(key);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), seen.size());
    }

    void percentagesBecomeBasisPoints()
    {
        CPPUNIT_ASSERT_EQUAL(1250, *parsePercent("12.5", 5000));
        CPPUNIT_ASSERT_EQUAL(1250, *parsePercent(" 12.50 % ", 5000));
        CPPUNIT_ASSERT_EQUAL(1205, *parsePercent("12.05", 5000));
        CPPUNIT_ASSERT_EQUAL(0, *parsePercent("0", 5000));
        CPPUNIT_ASSERT_EQUAL(5000, *parsePercent("50", 5000));
        CPPUNIT_ASSERT_EQUAL(1, *parsePercent("0.01", 5000));
    }

    void percentagesBeyondTheLimitOrMalformedAreRefused()
    {
        for (const std::string typed :
             {"", "50.01", "60", "-1", "12.345", "12,5", "12.", ".5", "abc", "1e2", "%"})
            CPPUNIT_ASSERT_MESSAGE(typed, !parsePercent(typed, 5000));
    }

    void basisPointsReadBackAsTyped()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("12.5"), percentText(1250));
        CPPUNIT_ASSERT_EQUAL(std::string("12"), percentText(1200));
        CPPUNIT_ASSERT_EQUAL(std::string("12.05"), percentText(1205));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), percentText(0));
        for (int bp = 0; bp <= 5000; ++bp)
            CPPUNIT_ASSERT_EQUAL(bp, *parsePercent(percentText(bp), 5000));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdjustmentFormTest);
