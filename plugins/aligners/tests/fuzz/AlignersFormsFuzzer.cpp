// The aligners plugin's two forms as typed: the lab's plan upload (readPlanForm with the
// shipped plan types) and the clinic's later order (readOrderForm, readStepList).
//
// Input: sixteen lines: upper steps, lower steps, upper engagers, lower engagers, the
// simulation link, the options ("FLEX=18 MINI TWO=20": ticked codes, each with its planned
// steps or none), the attachment notes, the order's kind, arches, retainer type, retainer
// range, upper steps, lower steps, phases, scans ("u", "l", "b" for each slot given), and
// the rest: notes (the plan's IPR notes and the order's note), newlines and all.
//
// Properties: neither reader throws; every refusal is a catalog key of the plugin
// ("aligners." and present in messages/en.properties) on a field the form has; a plan read
// without errors has at least one option, steps within 0..200 with one arch treated,
// options within the plan's steps and covered by their type, priced by it, engagers within
// their arch's steps that read back, notes of at most 4000 characters and a link of at
// most 500 that starts with https:// or http://; whatever the errors, the steps are within
// 0..200; an order read without errors has the kind typed, what that kind needs, and
// replacement steps within 1..200, as readStepList reads them.
#include "FuzzCheck.h"

#include "rules/OrderForm.h"
#include "rules/PlanForm.h"

#include "molar/sdk/testing/MapConfig.h"

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace molar::aligners;

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A properties file's "key = value" lines (the shipped files have no continuations).
std::map<std::string, std::string> properties(const std::string& path)
{
    std::ifstream file(path);
    MOLAR_FUZZ_CHECK(file.good(), "the shipped file is there");
    std::map<std::string, std::string> out;
    std::string line;
    while (std::getline(file, line)) {
        const std::string text = trimmed(line);
        const auto eq = text.find('=');
        if (text.empty() || text[0] == '#' || text[0] == '!' || eq == std::string::npos)
            continue;
        out[trimmed(text.substr(0, eq))] = trimmed(text.substr(eq + 1));
    }
    return out;
}

const PlanTypes& types()
{
    static const PlanTypes shipped = [] {
        std::map<std::string, std::string> values;
        for (const auto& [key, value] :
             properties(std::string(MOLAR_SOURCE_DIR) + "/plugins/aligners/config/aligners.properties"))
            values[key.substr(std::string("aligners.").size())] = value;
        molar::sdk::testing::MapConfig config(values, "aligners");
        return readPlanTypes(config);
    }();
    return shipped;
}

const std::map<std::string, std::string>& catalog()
{
    static const auto keys =
        properties(std::string(MOLAR_SOURCE_DIR) + "/plugins/aligners/messages/en.properties");
    return keys;
}

void checkRefusals(const std::map<std::string, std::string>& errors, const std::set<std::string>& fields)
{
    for (const auto& [field, key] : errors) {
        MOLAR_FUZZ_CHECK(fields.count(field) == 1, "a refusal belongs to a field of the form");
        MOLAR_FUZZ_CHECK(key.rfind("aligners.", 0) == 0, "a refusal is one of the plugin's catalog keys");
        MOLAR_FUZZ_CHECK(catalog().count(key) == 1, "a refusal's key is in the catalog");
    }
}

// Characters of UTF-8 text known to be well formed.
std::size_t characters(const std::string& text)
{
    std::size_t count = 0;
    for (unsigned char c : text)
        count += (c & 0xC0) != 0x80;
    return count;
}

void checkPlan(const std::vector<std::string>& lines)
{
    PlanFormInput input;
    input.stepsUpper = lines[0];
    input.stepsLower = lines[1];
    input.engagersUpper = lines[2];
    input.engagersLower = lines[3];
    input.simulationUrl = lines[4];
    input.attachmentNotes = lines[6];
    input.iprNotes = lines[15];
    std::string item;
    for (char c : lines[5] + " ") {
        if (c != ' ') {
            item += c;
            continue;
        }
        const auto eq = item.find('=');
        input.offered[item.substr(0, eq)] = true;
        if (eq != std::string::npos)
            input.plannedSteps[item.substr(0, eq)] = item.substr(eq + 1);
        item.clear();
    }

    FormErrors errors;
    PlanDraft draft;
    try {
        draft = readPlanForm(input, types(), errors);
    } catch (...) {
        MOLAR_FUZZ_CHECK(false, "readPlanForm never throws");
    }
    std::set<std::string> fields{"stepsUpper",    "stepsLower",    "iprNotes",      "attachmentNotes",
                                 "simulationUrl", "engagersUpper", "engagersLower", "options"};
    for (const auto& type : types().types)
        fields.insert("steps_" + type.code);
    checkRefusals(errors, fields);
    MOLAR_FUZZ_CHECK(draft.stepsUpper >= 0 && draft.stepsUpper <= kMaxPlanSteps && draft.stepsLower >= 0 &&
                         draft.stepsLower <= kMaxPlanSteps,
                     "steps within 0..200 whatever the errors");
    const int longest = std::max(draft.stepsUpper, draft.stepsLower);
    for (const auto& option : draft.options) {
        const PlanType* type = types().find(option.type);
        MOLAR_FUZZ_CHECK(type && input.offered.count(option.type),
                         "an option is a ticked type of the config");
        MOLAR_FUZZ_CHECK(option.plannedSteps >= 1 && option.plannedSteps <= std::max(longest, 1),
                         "an option plans 1..the plan's steps");
        const int upper = std::min(option.plannedSteps, draft.stepsUpper);
        const int lower = std::min(option.plannedSteps, draft.stepsLower);
        MOLAR_FUZZ_CHECK(type->covers(upper, lower), "an option's type covers its steps");
        MOLAR_FUZZ_CHECK(option.priceMinor == type->priceFor(upper, lower) && option.priceMinor >= 0 &&
                             option.currency == types().currency && option.name == type->name,
                         "an option is priced by its type");
    }
    if (!errors.empty())
        return;

    MOLAR_FUZZ_CHECK(!draft.options.empty(), "a plan read whole offers an option");
    MOLAR_FUZZ_CHECK(longest > 0, "a plan read whole treats an arch");
    const auto engagers = engagersByArch(draft.engagerSteps);
    for (const auto& [arch, steps] : engagers) {
        const int most = arch == "upper" ? draft.stepsUpper : draft.stepsLower;
        for (std::size_t i = 0; i < steps.size(); ++i)
            MOLAR_FUZZ_CHECK(steps[i] >= 1 && steps[i] <= most && (i == 0 || steps[i - 1] < steps[i]),
                             "engagers within their arch's steps, each once, in order");
    }
    std::size_t written = 0;
    for (const auto& [arch, steps] : engagers)
        written += steps.size();
    MOLAR_FUZZ_CHECK(written == static_cast<std::size_t>(
                                    std::count(draft.engagerSteps.begin(), draft.engagerSteps.end(), ',')) +
                                    !draft.engagerSteps.empty(),
                     "every engager written reads back");
    MOLAR_FUZZ_CHECK(characters(draft.iprNotes) <= kMaxNotesCharacters &&
                         characters(draft.attachmentNotes) <= kMaxNotesCharacters,
                     "notes of at most 4000 characters");
    for (const std::string* notes : {&draft.iprNotes, &draft.attachmentNotes})
        for (unsigned char c : *notes)
            MOLAR_FUZZ_CHECK(c >= 0x20 ? c != 0x7F : (c == '\n' || c == '\r' || c == '\t'),
                             "no control characters in notes");
    const std::string& link = draft.simulationUrl;
    MOLAR_FUZZ_CHECK(link.empty() ||
                         ((link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0) &&
                          link.size() <= 500 && link.find_first_of(" \"'<>\\`\t\r\n") == std::string::npos),
                     "a link is an http(s) address without spaces or quotes, at most 500 characters");
}

void checkOrder(const std::vector<std::string>& lines)
{
    OrderFormInput input;
    input.kind = lines[7];
    input.arches = lines[8];
    input.retainerType = lines[9];
    input.retainerRange = lines[10];
    input.upperSteps = lines[11];
    input.lowerSteps = lines[12];
    input.phases = lines[13];
    for (char c : lines[14])
        ++input.scans[c == 'u' ? "upper_scan" : c == 'l' ? "lower_scan" : c == 'b' ? "bite_scan" : "other"];
    input.note = lines[15];

    OrderErrors errors;
    OrderDraft draft;
    try {
        draft = readOrderForm(input, errors);
    } catch (...) {
        MOLAR_FUZZ_CHECK(false, "readOrderForm never throws");
    }
    checkRefusals(errors, {"note", "arches", "retainerType", "retainerRange", "upperSteps", "lowerSteps",
                           "upperScan", "lowerScan", "phases", "kind"});
    const auto kind = orderKindNamed(input.kind);
    MOLAR_FUZZ_CHECK(kind.has_value() == (errors.count("kind") == 0), "the kind refused when it is no kind");
    for (const auto* steps : {&draft.steps.upper, &draft.steps.lower})
        for (int step : *steps)
            MOLAR_FUZZ_CHECK(step >= 1 && step <= 200, "replacement steps within 1..200");
    if (!errors.empty())
        return;

    MOLAR_FUZZ_CHECK(draft.kind == *kind, "the kind typed");
    MOLAR_FUZZ_CHECK(characters(draft.note) <= kMaxOrderNoteCharacters, "a note of at most 2000 characters");
    const bool upper = input.scans.count("upper_scan") == 1;
    const bool lower = input.scans.count("lower_scan") == 1;
    switch (draft.kind) {
    case OrderKind::Refinement:
        MOLAR_FUZZ_CHECK(upper && lower, "a refinement has both new scans");
        break;
    case OrderKind::Remake:
        MOLAR_FUZZ_CHECK(!draft.note.empty(), "a remake says why");
        break;
    case OrderKind::Retainer:
        MOLAR_FUZZ_CHECK(draft.arches == "upper" || draft.arches == "lower" || draft.arches == "both",
                         "a retainer's arches");
        if (draft.retainerType == "fixed_lingual")
            MOLAR_FUZZ_CHECK((draft.retainerRange == "2-2" || draft.retainerRange == "3-3" ||
                              draft.retainerRange == "4-4") &&
                                 (draft.arches == "lower" || upper) && (draft.arches == "upper" || lower),
                             "a fixed retainer has its range and the scans of its arches");
        else
            MOLAR_FUZZ_CHECK(draft.retainerType == "removable", "a retainer is fixed lingual or removable");
        break;
    case OrderKind::Replacement:
        MOLAR_FUZZ_CHECK(readStepList(input.upperSteps) == draft.steps.upper &&
                             readStepList(input.lowerSteps) == draft.steps.lower,
                         "the steps as readStepList reads them");
        break;
    case OrderKind::Phase:
        MOLAR_FUZZ_CHECK(draft.phases >= 1 && draft.phases <= 3, "one to three phases");
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto lines =
        molar::test::fuzzInputLines(std::string(reinterpret_cast<const char*>(data), size), 16);
    checkPlan(lines);
    checkOrder(lines);
    return 0;
}
