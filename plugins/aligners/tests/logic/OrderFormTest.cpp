// The clinic's later-order form read without a database: the kinds by name, what each
// kind needs (a refinement both new scans, a fixed lingual retainer its range and the
// scans of its arches, a remake its reason), the note's length in characters and its
// text, and the replacement steps ("5-7, 10") refused per arch.
#include "rules/OrderForm.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace molar::aligners;

namespace {

OrderFormInput ofKind(const std::string& kind)
{
    OrderFormInput input;
    input.kind = kind;
    return input;
}

OrderErrors errorsOf(const OrderFormInput& input)
{
    OrderErrors errors;
    readOrderForm(input, errors);
    return errors;
}

std::string repeat(const std::string& piece, std::size_t times)
{
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

// The steps readStepList reads, or {-1} when it refuses the text.
std::vector<int> steps(const std::string& text)
{
    return readStepList(text).value_or(std::vector<int>{-1});
}

const std::vector<int> kRefused{-1};

} // namespace

class OrderFormTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OrderFormTest);
    CPPUNIT_TEST(kindsByName);
    CPPUNIT_TEST(unknownKind);
    CPPUNIT_TEST(refinementNeedsBothScans);
    CPPUNIT_TEST(phaseNeedsNothing);
    CPPUNIT_TEST(fixedLingualRetainer);
    CPPUNIT_TEST(removableRetainer);
    CPPUNIT_TEST(retainerChoicesRefused);
    CPPUNIT_TEST(remakeNeedsAReason);
    CPPUNIT_TEST(noteLengthInCharacters);
    CPPUNIT_TEST(noteTextRefused);
    CPPUNIT_TEST(stepLists);
    CPPUNIT_TEST(stepListsRefused);
    CPPUNIT_TEST(replacementStepsByArch);
    CPPUNIT_TEST_SUITE_END();

public:
    void kindsByName()
    {
        for (OrderKind kind : {OrderKind::Refinement, OrderKind::Phase, OrderKind::Retainer,
                               OrderKind::Remake, OrderKind::Replacement}) {
            const auto named = orderKindNamed(orderKindName(kind));
            CPPUNIT_ASSERT(named);
            CPPUNIT_ASSERT(*named == kind);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("refinement"), std::string(orderKindName(OrderKind::Refinement)));
        CPPUNIT_ASSERT_EQUAL(std::string("replacement"), std::string(orderKindName(OrderKind::Replacement)));
        for (const char* other : {"", "Refinement", " phase", "remake ", "retainers", "unknown"})
            CPPUNIT_ASSERT_MESSAGE(other, !orderKindNamed(other));
    }

    void unknownKind()
    {
        auto input = ofKind("upgrade");
        input.note = std::string("\x01", 1);
        const auto errors = errorsOf(input);
        // The kind alone: nothing else is read for an order that does not exist.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.kind"), errors.at("kind"));
    }

    void refinementNeedsBothScans()
    {
        auto input = ofKind("refinement");
        auto errors = errorsOf(input);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.upperScan"), errors["upperScan"]);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.lowerScan"), errors["lowerScan"]);

        input.scans = {{"upper_scan", 1}, {"lower_scan", 0}, {"bite_scan", 1}};
        errors = errorsOf(input);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.lowerScan"), errors["lowerScan"]);

        input.scans = {{"upper_scan", 2}, {"lower_scan", 1}};
        input.note = "  Tracking lost on 12 and 22  ";
        OrderErrors none;
        const auto draft = readOrderForm(input, none);
        CPPUNIT_ASSERT(none.empty());
        CPPUNIT_ASSERT(draft.kind == OrderKind::Refinement);
        CPPUNIT_ASSERT_EQUAL(std::string("Tracking lost on 12 and 22"), draft.note);
    }

    void phaseNeedsNothing()
    {
        OrderErrors errors;
        const auto draft = readOrderForm(ofKind("phase"), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT(draft.kind == OrderKind::Phase);
    }

    void fixedLingualRetainer()
    {
        auto input = ofKind("retainer");
        input.retainerType = "fixed_lingual";
        input.arches = "both";
        input.retainerRange = "3-3";
        auto errors = errorsOf(input);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.upperScan"), errors["upperScan"]);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.lowerScan"), errors["lowerScan"]);

        // One arch: its scan alone.
        input.arches = "upper";
        input.scans = {{"upper_scan", 1}};
        OrderErrors none;
        const auto draft = readOrderForm(input, none);
        CPPUNIT_ASSERT(none.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("upper"), draft.arches);
        CPPUNIT_ASSERT_EQUAL(std::string("fixed_lingual"), draft.retainerType);
        CPPUNIT_ASSERT_EQUAL(std::string("3-3"), draft.retainerRange);
        input.arches = "lower";
        errors = errorsOf(input);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.lowerScan"), errors["lowerScan"]);

        // Each range offered, and nothing else.
        input.scans = {{"lower_scan", 1}};
        for (const char* range : {"2-2", "3-3", "4-4"}) {
            input.retainerRange = range;
            CPPUNIT_ASSERT_MESSAGE(range, errorsOf(input).empty());
        }
        for (const char* range : {"", "1-1", "5-5", "3-4", " 3-3", "3 - 3"}) {
            input.retainerRange = range;
            errors = errorsOf(input);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(range, std::size_t(1), errors.size());
            CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.retainerRange"), errors["retainerRange"]);
        }
    }

    void removableRetainer()
    {
        auto input = ofKind("retainer");
        input.retainerType = "removable";
        input.arches = "both";
        input.retainerRange = "3-3"; // a fixed retainer's: not kept for a removable one
        OrderErrors errors;
        const auto draft = readOrderForm(input, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("removable"), draft.retainerType);
        CPPUNIT_ASSERT_EQUAL(std::string(), draft.retainerRange);
    }

    void retainerChoicesRefused()
    {
        auto input = ofKind("retainer");
        auto errors = errorsOf(input);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.arches"), errors["arches"]);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.retainerType"), errors["retainerType"]);

        input.retainerType = "removable";
        for (const char* arches : {"Upper", "upper,lower", " both", "none"}) {
            input.arches = arches;
            errors = errorsOf(input);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(arches, std::size_t(1), errors.size());
            CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.arches"), errors["arches"]);
        }
        input.arches = "upper";
        for (const char* type : {"fixed", "Removable", "essix"}) {
            input.retainerType = type;
            errors = errorsOf(input);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type, std::size_t(1), errors.size());
            CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.retainerType"), errors["retainerType"]);
        }
    }

    void remakeNeedsAReason()
    {
        auto input = ofKind("remake");
        auto errors = errorsOf(input);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.remakeWhy"), errors["note"]);
        input.note = " \n\t ";
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.remakeWhy"), errorsOf(input)["note"]);
        // A note that is no text says so, not that a reason is missing.
        input.note = "\x01";
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.noteText"), errorsOf(input)["note"]);
        input.note = "Aligner 7 cracked";
        CPPUNIT_ASSERT(errorsOf(input).empty());
        // Scans are welcome but not needed.
        input.scans = {{"upper_scan", 1}};
        CPPUNIT_ASSERT(errorsOf(input).empty());
    }

    void noteLengthInCharacters()
    {
        auto input = ofKind("phase");
        input.note = repeat("a", 2000);
        CPPUNIT_ASSERT(errorsOf(input).empty());
        input.note = repeat("a", 2001);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.noteTooLong"), errorsOf(input)["note"]);
        // Arabic: 2000 letters are 4000 bytes and fit.
        input.note = repeat("\xD8\xB3", 2000);
        CPPUNIT_ASSERT(errorsOf(input).empty());
        input.note = repeat("\xD8\xB3", 2001);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.noteTooLong"), errorsOf(input)["note"]);
        // Trimmed before it is counted.
        input.note = "   " + repeat("a", 2000) + "\n\n";
        CPPUNIT_ASSERT(errorsOf(input).empty());
    }

    void noteTextRefused()
    {
        auto input = ofKind("phase");
        input.note = "line one\r\nline two\ttabbed \xD8\xB4\xD9\x83\xD8\xB1\xD8\xA7\xC2\xA0\xC3\xA9";
        CPPUNIT_ASSERT(errorsOf(input).empty());
        for (const std::string& bad :
             {std::string("a\xFF"), std::string("a\x80"), std::string("a\xE2\x82"), std::string("\xC0\xAF"),
              std::string("\xE0\x80\xAF"), std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"),
              std::string("a\0b", 3), std::string("a\x1B[2J"), std::string("a\x08"), std::string("a\x7F"),
              std::string("a\xC2\x85"), std::string("a\xC2\x9F")}) {
            input.note = bad;
            const auto errors = errorsOf(input);
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
            CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.noteText"), errors.at("note"));
        }
    }

    void stepLists()
    {
        CPPUNIT_ASSERT((steps("5-7, 10") == std::vector<int>{5, 6, 7, 10}));
        CPPUNIT_ASSERT((steps("") == std::vector<int>{}));
        CPPUNIT_ASSERT((steps("  ") == std::vector<int>{}));
        CPPUNIT_ASSERT((steps(",") == std::vector<int>{}));
        CPPUNIT_ASSERT((steps("5,,6") == std::vector<int>{5, 6}));
        CPPUNIT_ASSERT((steps(" 5 - 5 ") == std::vector<int>{5}));
        CPPUNIT_ASSERT((steps("1") == std::vector<int>{1}));
        CPPUNIT_ASSERT((steps("200") == std::vector<int>{200}));
        CPPUNIT_ASSERT((steps("007") == std::vector<int>{7}));
        // As typed: repeats are kept for the replacement rules to refuse.
        CPPUNIT_ASSERT((steps("3, 3") == std::vector<int>{3, 3}));
        CPPUNIT_ASSERT((steps("4-6, 5") == std::vector<int>{4, 5, 6, 5}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), steps("1-200").size());
    }

    void stepListsRefused()
    {
        for (const char* bad : {"7-5", "0", "201", "0-3", "199-201", "0007", "-5", "5-", "-", "5--7", "5-6-7",
                                "+5", "5.0", "five", "5 6", "5;6", "1e2", "\xD9\xA5", "5,x"})
            CPPUNIT_ASSERT_MESSAGE(bad, steps(bad) == kRefused);
    }

    void replacementStepsByArch()
    {
        auto input = ofKind("replacement");
        input.upperSteps = "5-7, 10";
        input.lowerSteps = "3";
        OrderErrors errors;
        auto draft = readOrderForm(input, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT(draft.kind == OrderKind::Replacement);
        CPPUNIT_ASSERT((draft.steps.upper == std::vector<int>{5, 6, 7, 10}));
        CPPUNIT_ASSERT((draft.steps.lower == std::vector<int>{3}));

        // Each arch's list refused on its own field; the other is kept.
        input.upperSteps = "7-5";
        errors.clear();
        draft = readOrderForm(input, errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.steps"), errors["upperSteps"]);
        CPPUNIT_ASSERT(draft.steps.upper.empty());
        CPPUNIT_ASSERT((draft.steps.lower == std::vector<int>{3}));

        input.upperSteps = "2";
        input.lowerSteps = "201";
        errors.clear();
        draft = readOrderForm(input, errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.order.error.steps"), errors["lowerSteps"]);
        CPPUNIT_ASSERT((draft.steps.upper == std::vector<int>{2}));

        input.upperSteps = "0";
        input.lowerSteps = "x";
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), errorsOf(input).size());

        // No steps at all is left to the replacement rules (they refuse it with the plan).
        input.upperSteps.clear();
        input.lowerSteps.clear();
        errors.clear();
        draft = readOrderForm(input, errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT(draft.steps.upper.empty() && draft.steps.lower.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OrderFormTest);
