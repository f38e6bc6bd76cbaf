// The lab's plan upload form read without a database: each refusal's catalog key on its
// own field, the steps at 0, 200 and 201, engagers within the arch's steps and once each,
// notes at 4000 and 4001 characters (characters, not bytes) of clean UTF-8, the simulation
// link's shape and length, and the options priced by the shipped plan types.
#include "rules/PlanForm.h"

#include "molar/sdk/testing/MapConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <vector>

using namespace molar;
using namespace molar::aligners;

namespace {

// The plan types of the shipped config/aligners.properties.
PlanTypes shippedTypes()
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration(
        std::string(MOLAR_SOURCE_DIR) + "/plugins/aligners/config/aligners.properties"));
    std::map<std::string, std::string> values;
    std::vector<std::string> pending{"aligners"};
    while (!pending.empty()) {
        const std::string prefix = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys keys;
        file->keys(prefix, keys);
        for (const auto& key : keys) {
            const std::string full = prefix + "." + key;
            if (file->hasProperty(full))
                values[full.substr(std::string("aligners.").size())] = file->getRawString(full);
            pending.push_back(full);
        }
    }
    sdk::testing::MapConfig config(values, "aligners");
    return readPlanTypes(config);
}

const PlanTypes& types()
{
    static const PlanTypes shipped = shippedTypes();
    return shipped;
}

// A form that reads whole: 20 upper and 18 lower steps, TWO offered at 20 steps.
PlanFormInput valid()
{
    PlanFormInput input;
    input.stepsUpper = "20";
    input.stepsLower = "18";
    input.engagersUpper = "3, 5";
    input.iprNotes = "0.2 mm between 12 and 11 at step 4";
    input.simulationUrl = "https://viewer.lab.example/sim/123";
    input.offered["TWO"] = true;
    input.plannedSteps["TWO"] = "20";
    return input;
}

FormErrors errorsOf(const PlanFormInput& input)
{
    FormErrors errors;
    readPlanForm(input, types(), errors);
    return errors;
}

// The error on `field` alone, "" when the form reads whole.
std::string onlyError(const PlanFormInput& input, const std::string& field)
{
    const auto errors = errorsOf(input);
    if (errors.empty())
        return "";
    CPPUNIT_ASSERT_EQUAL_MESSAGE("errors on other fields than " + field, std::size_t(1), errors.size());
    CPPUNIT_ASSERT_EQUAL(field, errors.begin()->first);
    return errors.begin()->second;
}

std::string withSteps(std::string upper, std::string lower = "18")
{
    auto input = valid();
    input.stepsUpper = std::move(upper);
    input.stepsLower = std::move(lower);
    input.engagersUpper.clear();
    input.offered.clear();
    input.offered["ONE"] = true;
    input.plannedSteps["ONE"] = "1";
    return onlyError(input, "stepsUpper");
}

std::string withNotes(const std::string& notes)
{
    auto input = valid();
    input.attachmentNotes = notes;
    return onlyError(input, "attachmentNotes");
}

std::string withLink(const std::string& link)
{
    auto input = valid();
    input.simulationUrl = link;
    return onlyError(input, "simulationUrl");
}

std::string repeat(const std::string& piece, std::size_t times)
{
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

const std::string kSteps = "aligners.upload.error.steps";
const std::string kNotesText = "aligners.upload.error.notesText";
const std::string kNotesTooLong = "aligners.upload.error.notesTooLong";
const std::string kLink = "aligners.upload.error.simulationUrl";
const std::string kEngagers = "aligners.upload.error.engagers";

} // namespace

class PlanFormTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PlanFormTest);
    CPPUNIT_TEST(validFormReadsWhole);
    CPPUNIT_TEST(stepsBoundaries);
    CPPUNIT_TEST(noArchTreated);
    CPPUNIT_TEST(lowerStepsRefusedOnTheirField);
    CPPUNIT_TEST(engagersWithinTheArch);
    CPPUNIT_TEST(notesCountCharacters);
    CPPUNIT_TEST(notesRefuseBadText);
    CPPUNIT_TEST(iprNotesOnTheirField);
    CPPUNIT_TEST(simulationLinks);
    CPPUNIT_TEST(flexPricedPerAligner);
    CPPUNIT_TEST(flexOnAShorterArchPricesItsOwnAligners);
    CPPUNIT_TEST(miniCoversFourteenSteps);
    CPPUNIT_TEST(optionStepsRefused);
    CPPUNIT_TEST(noOptionTicked);
    CPPUNIT_TEST(everyTickedOptionInConfigOrder);
    CPPUNIT_TEST(engagersByArchReadsBack);
    CPPUNIT_TEST_SUITE_END();

public:
    void validFormReadsWhole()
    {
        FormErrors errors;
        const auto draft = readPlanForm(valid(), types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(20, draft.stepsUpper);
        CPPUNIT_ASSERT_EQUAL(18, draft.stepsLower);
        CPPUNIT_ASSERT_EQUAL(std::string("U3,U5"), draft.engagerSteps);
        CPPUNIT_ASSERT_EQUAL(std::string("https://viewer.lab.example/sim/123"), draft.simulationUrl);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), draft.options.size());
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), draft.options[0].type);
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), draft.options[0].name);
        CPPUNIT_ASSERT_EQUAL(20, draft.options[0].plannedSteps);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(590000), draft.options[0].priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), draft.options[0].currency);
    }

    void stepsBoundaries()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), withSteps("0"));
        CPPUNIT_ASSERT_EQUAL(std::string(), withSteps("200"));
        CPPUNIT_ASSERT_EQUAL(std::string(), withSteps(" 7 "));
        CPPUNIT_ASSERT_EQUAL(std::string(), withSteps("0200")); // a leading zero is still 200
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("201"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("1000"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("00020")); // five digits
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("1 0"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("+5"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("-1"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("5.0"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("twenty"));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("\xD9\xA5")); // an Arabic-Indic five
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps(""));
        CPPUNIT_ASSERT_EQUAL(kSteps, withSteps("99999999999999999999"));
    }

    void noArchTreated()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.noArch"), withSteps("0", "0"));
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.noArch"), withSteps("000", " 0"));
        // One arch alone is a plan.
        CPPUNIT_ASSERT_EQUAL(std::string(), withSteps("12", "0"));
        CPPUNIT_ASSERT_EQUAL(std::string(), withSteps("0", "12"));
    }

    void lowerStepsRefusedOnTheirField()
    {
        auto input = valid();
        input.stepsLower = "201";
        FormErrors errors;
        const auto draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(kSteps, errors["stepsLower"]);
        CPPUNIT_ASSERT_EQUAL(0, draft.stepsLower); // never a negative number of steps
    }

    void engagersWithinTheArch()
    {
        const auto engagers = [](const std::string& upper, const std::string& lower,
                                 const std::string& stepsLower) {
            auto input = valid();
            input.engagersUpper = upper;
            input.engagersLower = lower;
            input.stepsLower = stepsLower;
            FormErrors errors;
            const auto draft = readPlanForm(input, types(), errors);
            return std::make_pair(draft.engagerSteps, errors);
        };
        auto [steps, errors] = engagers("3, 5", "1,18", "18");
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("U3,U5,L1,L18"), steps);
        // Sorted, spaces and empty items ignored.
        std::tie(steps, errors) = engagers(" 20 ,, 3 ,", "", "18");
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("U3,U20"), steps);
        std::tie(steps, errors) = engagers("", "", "18");
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string(), steps);

        for (const char* bad : {"21", "0", "3, 3", "3 5", "-3", "+3", "U3", "3;5", "3.5", "00003"}) {
            std::tie(steps, errors) = engagers(bad, "", "18");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::size_t(1), errors.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, kEngagers, errors["engagersUpper"]);
        }
        // Beyond the lower arch's 18 steps, though within the upper's 20.
        std::tie(steps, errors) = engagers("19", "19", "18");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(kEngagers, errors["engagersLower"]);
        // An arch without steps has no engagers.
        std::tie(steps, errors) = engagers("", "1", "0");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(kEngagers, errors["engagersLower"]);
    }

    void notesCountCharacters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), withNotes(repeat("a", 4000)));
        CPPUNIT_ASSERT_EQUAL(kNotesTooLong, withNotes(repeat("a", 4001)));
        // Arabic letters are two bytes each: 4000 of them are 8000 bytes and fit.
        const std::string alef = "\xD8\xA7";
        CPPUNIT_ASSERT_EQUAL(std::string(), withNotes(repeat(alef, 4000)));
        CPPUNIT_ASSERT_EQUAL(kNotesTooLong, withNotes(repeat(alef, 4001)));
        // Four-byte characters too (an emoji).
        CPPUNIT_ASSERT_EQUAL(std::string(), withNotes(repeat("\xF0\x9F\x98\x80", 4000)));
        CPPUNIT_ASSERT_EQUAL(kNotesTooLong, withNotes(repeat("\xF0\x9F\x98\x80", 4001)));
        // Spaces around the notes are trimmed before counting.
        CPPUNIT_ASSERT_EQUAL(std::string(), withNotes("  \n" + repeat("a", 4000) + "\n  "));

        auto input = valid();
        input.attachmentNotes = "  \xD8\xAA\xD8\xB1\xD9\x83\xD9\x8A\xD8\xA8 on 13\n\tand 23  ";
        FormErrors errors;
        const auto draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("\xD8\xAA\xD8\xB1\xD9\x83\xD9\x8A\xD8\xA8 on 13\n\tand 23"),
                             draft.attachmentNotes);
    }

    void notesRefuseBadText()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), withNotes("line one\r\nline two\ttabbed"));
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\xFF"));                // not UTF-8 at all
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\x80"));                // a lone continuation byte
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\xD8"));                // cut short
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\xE2\x82"));            // cut short
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("\xC0\xAF"));             // overlong '/'
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("\xE0\x80\xAF"));         // overlong '/'
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("\xED\xA0\x80"));         // a surrogate
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("\xF4\x90\x80\x80"));     // past U+10FFFF
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes(std::string("a\0b", 3))); // NUL
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\x1B[31mred"));         // escape
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\x7F"));                // DEL
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\xC2\x85"));            // a C1 control (NEL)
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes("a\xC2\x9F"));
        // The letters after the controls are text.
        CPPUNIT_ASSERT_EQUAL(std::string(), withNotes("\xC2\xA0\xC3\xA9")); // no-break space, é
        // Bad text is refused however long it is: the text check comes first.
        CPPUNIT_ASSERT_EQUAL(kNotesText, withNotes(repeat("a", 5000) + "\x01"));
    }

    void iprNotesOnTheirField()
    {
        auto input = valid();
        input.iprNotes = repeat("a", 4001);
        CPPUNIT_ASSERT_EQUAL(kNotesTooLong, onlyError(input, "iprNotes"));
        input.iprNotes = "\x01";
        CPPUNIT_ASSERT_EQUAL(kNotesText, onlyError(input, "iprNotes"));
    }

    void simulationLinks()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink(""));
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink("   "));
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink("http://viewer.lab.example/sim?id=1&v=2#top"));
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink("  https://viewer.lab.example/x  "));
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink("https://user@viewer.lab.example/x"));
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink("https://viewer.lab.example/a@b"));

        CPPUNIT_ASSERT_EQUAL(kLink, withLink("javascript:alert(1)"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("javascript://https://x/%0aalert(1)"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("data:text/html,<b>x</b>"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("ftp://viewer.lab.example/x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("//viewer.lab.example/x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("viewer.lab.example/x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("HTTPS://viewer.lab.example/x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https:///path"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://@evil.example/x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/a b"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/\"onmouseover=\"x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/'x"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/<script>"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example\\@evil.example"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/`x`"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/\tx"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/\x7F"));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink("https://viewer.lab.example/\xD8\xA7"));

        const std::string prefix = "https://viewer.lab.example/";
        CPPUNIT_ASSERT_EQUAL(std::string(), withLink(prefix + repeat("a", 500 - prefix.size())));
        CPPUNIT_ASSERT_EQUAL(kLink, withLink(prefix + repeat("a", 501 - prefix.size())));
    }

    void flexPricedPerAligner()
    {
        // FLEX: no upfront price, QAR 180.00 per aligner of each arch.
        auto input = valid();
        input.offered = {{"FLEX", true}};
        input.plannedSteps = {{"FLEX", "18"}};
        input.stepsUpper = "18";
        input.engagersUpper.clear();
        FormErrors errors;
        auto draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), draft.options.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000 * 36), draft.options[0].priceMinor);

        // One arch treated: its aligners alone.
        input.stepsLower = "0";
        draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000 * 18), draft.options[0].priceMinor);
        input.stepsLower = "18";
        input.stepsUpper = "0";
        draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000 * 18), draft.options[0].priceMinor);

        // Fewer steps planned than the setup has: the planned aligners.
        input.stepsUpper = "18";
        input.plannedSteps["FLEX"] = "10";
        draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000 * 20), draft.options[0].priceMinor);
    }

    void flexOnAShorterArchPricesItsOwnAligners()
    {
        // 20 upper and 18 lower steps planned at 20: the lower arch ends at its step 18,
        // so the clinic pays 38 aligners, not 40.
        auto input = valid();
        input.offered = {{"FLEX", true}};
        input.plannedSteps = {{"FLEX", "20"}};
        FormErrors errors;
        const auto draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(20, draft.options[0].plannedSteps);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000 * 38), draft.options[0].priceMinor);
    }

    void miniCoversFourteenSteps()
    {
        const auto mini = [](const std::string& upper, const std::string& lower, const std::string& planned) {
            auto input = valid();
            input.stepsUpper = upper;
            input.stepsLower = lower;
            input.engagersUpper.clear();
            input.offered = {{"MINI", true}};
            input.plannedSteps = {{"MINI", planned}};
            FormErrors errors;
            const auto draft = readPlanForm(input, types(), errors);
            return std::make_pair(draft, errors);
        };
        auto [draft, errors] = mini("14", "14", "14");
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(320000), draft.options[0].priceMinor);
        std::tie(draft, errors) = mini("15", "0", "15");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.optionTooLong"), errors["steps_MINI"]);
        CPPUNIT_ASSERT(draft.options.empty());
        std::tie(draft, errors) = mini("0", "15", "15");
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.optionTooLong"), errors["steps_MINI"]);
        // A longer setup may offer MINI for 14 of its steps.
        std::tie(draft, errors) = mini("20", "18", "14");
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(14, draft.options[0].plannedSteps);
    }

    void optionStepsRefused()
    {
        for (const char* bad : {"", "0", "21", "-1", "+5", "1 0", "ten", "00001"}) {
            auto input = valid();
            input.plannedSteps["TWO"] = bad;
            FormErrors errors;
            const auto draft = readPlanForm(input, types(), errors);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::size_t(1), errors.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("aligners.upload.error.optionSteps"),
                                         errors["steps_TWO"]);
            CPPUNIT_ASSERT(draft.options.empty());
        }
        // Ticked without a steps field at all.
        auto input = valid();
        input.plannedSteps.clear();
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.optionSteps"), onlyError(input, "steps_TWO"));
        // The longest arch bounds the planned steps: 20 here, though the lower has 18.
        input.plannedSteps["TWO"] = "20";
        CPPUNIT_ASSERT_EQUAL(std::string(), onlyError(input, "steps_TWO"));
    }

    void noOptionTicked()
    {
        auto input = valid();
        input.offered.clear();
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.noOption"), onlyError(input, "options"));
        // Unticked, or a code the config does not know, is not an option.
        input.offered = {{"TWO", false}, {"GOLD", true}};
        input.plannedSteps["GOLD"] = "10";
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.noOption"), onlyError(input, "options"));
    }

    void everyTickedOptionInConfigOrder()
    {
        auto input = valid();
        for (const char* code : {"THREE", "TWO", "ONE", "MINI", "FLEX", "UNLIMITED"}) {
            input.offered[code] = true;
            input.plannedSteps[code] = "14";
        }
        FormErrors errors;
        const auto draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        const std::vector<std::string> order{"UNLIMITED", "FLEX", "MINI", "ONE", "TWO", "THREE"};
        CPPUNIT_ASSERT_EQUAL(order.size(), draft.options.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(order[i], draft.options[i].type);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(790000), draft.options[0].priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000 * 28), draft.options[1].priceMinor);

        // One option refused does not hide the others' errors, nor ask for an option.
        input.plannedSteps["MINI"] = "15";
        input.plannedSteps["ONE"] = "x";
        errors.clear();
        const auto partial = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.optionTooLong"), errors["steps_MINI"]);
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.upload.error.optionSteps"), errors["steps_ONE"]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), partial.options.size());

        input.offered = {{"ONE", true}};
        errors.clear();
        readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), errors.count("options"));
    }

    void engagersByArchReadsBack()
    {
        auto byArch = engagersByArch("U3,U5,L3");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), byArch.size());
        CPPUNIT_ASSERT((byArch["upper"] == std::vector<int>{3, 5}));
        CPPUNIT_ASSERT((byArch["lower"] == std::vector<int>{3}));
        CPPUNIT_ASSERT(engagersByArch("").empty());
        // What it does not recognise it leaves out.
        byArch = engagersByArch("X3,U,U0,L201,U-1,u4,L7");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), byArch.size());
        CPPUNIT_ASSERT((byArch["lower"] == std::vector<int>{7}));

        // What readPlanForm writes reads back.
        auto input = valid();
        input.engagersLower = "18, 2";
        FormErrors errors;
        const auto draft = readPlanForm(input, types(), errors);
        CPPUNIT_ASSERT(errors.empty());
        byArch = engagersByArch(draft.engagerSteps);
        CPPUNIT_ASSERT((byArch["upper"] == std::vector<int>{3, 5}));
        CPPUNIT_ASSERT((byArch["lower"] == std::vector<int>{2, 18}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanFormTest);
