#include "rules/PlanForm.h"

#include <Poco/UTF8Encoding.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace molar::aligners {

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A whole number in [min, max] written with digits only; -1 otherwise.
int wholeNumber(const std::string& typed, int min, int max)
{
    const std::string text = trimmed(typed);
    if (text.empty() || text.size() > 4 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return -1;
    const int value = std::stoi(text);
    return value < min || value > max ? -1 : value;
}

// Whether the bytes are well-formed UTF-8 (Poco's table gives each lead byte's length;
// isLegal refuses overlong forms, surrogates and code points past U+10FFFF) without
// control characters (C0, DEL, C1) but line breaks and tabs; counts its characters.
bool isCleanText(const std::string& text, std::size_t& characters)
{
    static const Poco::UTF8Encoding utf8;
    const auto& lengths = utf8.characterMap();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    characters = 0;
    for (std::size_t i = 0; i < text.size(); ++characters) {
        const int entry = lengths[bytes[i]];
        const int length = entry >= 0 ? 1 : -entry;
        if (entry == -1 || i + length > text.size() || !Poco::UTF8Encoding::isLegal(bytes + i, length))
            return false;
        if (length == 1 && (bytes[i] < 0x20 || bytes[i] == 0x7F) && bytes[i] != '\n' && bytes[i] != '\r' &&
            bytes[i] != '\t')
            return false;
        // The C1 controls U+0080..U+009F (NEL among them) are control characters too.
        if (length == 2 && bytes[i] == 0xC2 && bytes[i + 1] < 0xA0)
            return false;
        i += length;
    }
    return true;
}

std::string notes(const std::string& typed, const std::string& field, FormErrors& errors)
{
    const std::string text = trimmed(typed);
    std::size_t characters = 0;
    if (!isCleanText(text, characters))
        errors[field] = "aligners.upload.error.notesText";
    else if (characters > kMaxNotesCharacters)
        errors[field] = "aligners.upload.error.notesTooLong";
    return text;
}

bool isLink(const std::string& text)
{
    const bool scheme = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0;
    const std::size_t hostAt = text.find("://") + 3;
    if (!scheme || text.size() > 500 || text.size() <= hostAt)
        return false;
    for (unsigned char c : text)
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`')
            return false;
    return text[hostAt] != '/' && text[hostAt] != '@';
}

// "3, 5" -> {3, 5} within 1..steps, each once; false for anything else.
bool readSteps(const std::string& typed, int steps, std::set<int>& out)
{
    std::string item;
    const std::string text = typed + ",";
    for (char c : text) {
        if (c != ',') {
            item += c;
            continue;
        }
        if (!trimmed(item).empty()) {
            const int step = wholeNumber(item, 1, steps);
            if (step < 0 || !out.insert(step).second)
                return false;
        }
        item.clear();
    }
    return true;
}

} // namespace

PlanDraft readPlanForm(const PlanFormInput& input, const PlanTypes& types, FormErrors& errors)
{
    PlanDraft draft;
    draft.stepsUpper = wholeNumber(input.stepsUpper, 0, kMaxPlanSteps);
    draft.stepsLower = wholeNumber(input.stepsLower, 0, kMaxPlanSteps);
    if (draft.stepsUpper < 0)
        errors["stepsUpper"] = "aligners.upload.error.steps";
    if (draft.stepsLower < 0)
        errors["stepsLower"] = "aligners.upload.error.steps";
    if (draft.stepsUpper == 0 && draft.stepsLower == 0)
        errors["stepsUpper"] = "aligners.upload.error.noArch";
    draft.stepsUpper = std::max(draft.stepsUpper, 0);
    draft.stepsLower = std::max(draft.stepsLower, 0);

    draft.iprNotes = notes(input.iprNotes, "iprNotes", errors);
    draft.attachmentNotes = notes(input.attachmentNotes, "attachmentNotes", errors);
    draft.simulationUrl = trimmed(input.simulationUrl);
    if (!draft.simulationUrl.empty() && !isLink(draft.simulationUrl))
        errors["simulationUrl"] = "aligners.upload.error.simulationUrl";

    std::set<int> upper;
    std::set<int> lower;
    if (!readSteps(input.engagersUpper, draft.stepsUpper, upper))
        errors["engagersUpper"] = "aligners.upload.error.engagers";
    if (!readSteps(input.engagersLower, draft.stepsLower, lower))
        errors["engagersLower"] = "aligners.upload.error.engagers";
    for (int step : upper)
        draft.engagerSteps += (draft.engagerSteps.empty() ? "U" : ",U") + std::to_string(step);
    for (int step : lower)
        draft.engagerSteps += (draft.engagerSteps.empty() ? "L" : ",L") + std::to_string(step);

    const int longest = std::max(draft.stepsUpper, draft.stepsLower);
    for (const PlanType& type : types.types) {
        const auto ticked = input.offered.find(type.code);
        if (ticked == input.offered.end() || !ticked->second)
            continue;
        const auto typed = input.plannedSteps.find(type.code);
        const int planned =
            wholeNumber(typed == input.plannedSteps.end() ? "" : typed->second, 1, std::max(longest, 1));
        const std::string field = "steps_" + type.code;
        if (planned < 0) {
            errors[field] = "aligners.upload.error.optionSteps";
            continue;
        }
        // An arch with fewer steps than planned ends at its last step: its own aligners only.
        const int plannedUpper = std::min(planned, draft.stepsUpper);
        const int plannedLower = std::min(planned, draft.stepsLower);
        if (!type.covers(plannedUpper, plannedLower)) {
            errors[field] = "aligners.upload.error.optionTooLong";
            continue;
        }
        draft.options.push_back(
            {type.code, type.name, planned, type.priceFor(plannedUpper, plannedLower), types.currency});
    }
    if (draft.options.empty() && std::none_of(errors.begin(), errors.end(),
                                              [](const auto& e) { return e.first.rfind("steps_", 0) == 0; }))
        errors["options"] = "aligners.upload.error.noOption";
    return draft;
}

std::map<std::string, std::vector<int>> engagersByArch(const std::string& engagerSteps)
{
    std::map<std::string, std::vector<int>> out;
    std::string item;
    for (char c : engagerSteps + ",") {
        if (c != ',') {
            item += c;
            continue;
        }
        if (item.size() >= 2 && (item[0] == 'U' || item[0] == 'L')) {
            const int step = wholeNumber(item.substr(1), 1, kMaxPlanSteps);
            if (step > 0)
                out[item[0] == 'U' ? "upper" : "lower"].push_back(step);
        }
        item.clear();
    }
    return out;
}

} // namespace molar::aligners
