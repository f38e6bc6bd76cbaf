#include "rules/OrderForm.h"

#include <Poco/UTF8Encoding.h>

#include <algorithm>
#include <cctype>

namespace molar::aligners {

namespace {

constexpr int kMaxStep = 200;

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

int number(const std::string& typed)
{
    const std::string text = trimmed(typed);
    if (text.empty() || text.size() > 3 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return -1;
    const int value = std::stoi(text);
    return value < 1 || value > kMaxStep ? -1 : value;
}

// Characters of well-formed UTF-8 text (no control characters, C0, DEL or C1, but line
// breaks and tabs); -1 for anything else.
long characters(const std::string& text)
{
    static const Poco::UTF8Encoding utf8;
    const auto& lengths = utf8.characterMap();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    long count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const int entry = lengths[bytes[i]];
        const int length = entry >= 0 ? 1 : -entry;
        if (entry == -1 || i + length > text.size() || !Poco::UTF8Encoding::isLegal(bytes + i, length))
            return -1;
        if (length == 1 && (bytes[i] < 0x20 || bytes[i] == 0x7F) && bytes[i] != '\n' && bytes[i] != '\r' &&
            bytes[i] != '\t')
            return -1;
        // The C1 controls U+0080..U+009F (NEL among them) are control characters too.
        if (length == 2 && bytes[i] == 0xC2 && bytes[i + 1] < 0xA0)
            return -1;
        i += length;
    }
    return count;
}

} // namespace

std::optional<OrderKind> orderKindNamed(const std::string& name)
{
    for (OrderKind kind : {OrderKind::Refinement, OrderKind::Phase, OrderKind::Retainer, OrderKind::Remake,
                           OrderKind::Replacement})
        if (name == orderKindName(kind))
            return kind;
    return std::nullopt;
}

const char* orderKindName(OrderKind kind)
{
    switch (kind) {
    case OrderKind::Refinement:
        return "refinement";
    case OrderKind::Phase:
        return "phase";
    case OrderKind::Retainer:
        return "retainer";
    case OrderKind::Remake:
        return "remake";
    case OrderKind::Replacement:
        return "replacement";
    }
    return "";
}

std::optional<std::vector<int>> readStepList(const std::string& text)
{
    std::vector<int> steps;
    std::string item;
    for (char c : text + ",") {
        if (c != ',') {
            item += c;
            continue;
        }
        const std::string part = trimmed(item);
        item.clear();
        if (part.empty())
            continue;
        const auto dash = part.find('-');
        if (dash == std::string::npos) {
            const int step = number(part);
            if (step < 0)
                return std::nullopt;
            steps.push_back(step);
            continue;
        }
        const int from = number(part.substr(0, dash));
        const int to = number(part.substr(dash + 1));
        if (from < 0 || to < 0 || to < from)
            return std::nullopt;
        for (int step = from; step <= to; ++step)
            steps.push_back(step);
    }
    return steps;
}

OrderDraft readOrderForm(const OrderFormInput& input, OrderErrors& errors)
{
    OrderDraft draft;
    const auto kind = orderKindNamed(input.kind);
    if (!kind) {
        errors["kind"] = "aligners.order.error.kind";
        return draft;
    }
    draft.kind = *kind;
    draft.note = trimmed(input.note);
    const long length = characters(draft.note);
    if (length < 0)
        errors["note"] = "aligners.order.error.noteText";
    else if (static_cast<std::size_t>(length) > kMaxOrderNoteCharacters)
        errors["note"] = "aligners.order.error.noteTooLong";
    const auto given = [&](const char* slot) {
        const auto found = input.scans.find(slot);
        return found != input.scans.end() && found->second > 0;
    };
    switch (draft.kind) {
    case OrderKind::Refinement:
        // New impressions are mandatory for a refinement: the plan starts from today's teeth.
        if (!given("upper_scan"))
            errors["upperScan"] = "aligners.order.error.upperScan";
        if (!given("lower_scan"))
            errors["lowerScan"] = "aligners.order.error.lowerScan";
        break;
    case OrderKind::Remake:
        if (draft.note.empty() && !errors.count("note"))
            errors["note"] = "aligners.order.error.remakeWhy";
        break;
    case OrderKind::Retainer: {
        draft.arches = input.arches;
        if (draft.arches != "upper" && draft.arches != "lower" && draft.arches != "both")
            errors["arches"] = "aligners.order.error.arches";
        draft.retainerType = input.retainerType;
        if (draft.retainerType == "fixed_lingual") {
            draft.retainerRange = input.retainerRange;
            if (draft.retainerRange != "2-2" && draft.retainerRange != "3-3" && draft.retainerRange != "4-4")
                errors["retainerRange"] = "aligners.order.error.retainerRange";
            // A fixed retainer is bonded to today's teeth: new scans of its arches are mandatory.
            if ((draft.arches == "upper" || draft.arches == "both") && !given("upper_scan"))
                errors["upperScan"] = "aligners.order.error.upperScan";
            if ((draft.arches == "lower" || draft.arches == "both") && !given("lower_scan"))
                errors["lowerScan"] = "aligners.order.error.lowerScan";
        } else if (draft.retainerType != "removable") {
            errors["retainerType"] = "aligners.order.error.retainerType";
        }
        break;
    }
    case OrderKind::Replacement: {
        const auto upper = readStepList(input.upperSteps);
        const auto lower = readStepList(input.lowerSteps);
        if (!upper)
            errors["upperSteps"] = "aligners.order.error.steps";
        if (!lower)
            errors["lowerSteps"] = "aligners.order.error.steps";
        draft.steps.upper = upper.value_or(std::vector<int>{});
        draft.steps.lower = lower.value_or(std::vector<int>{});
        break;
    }
    case OrderKind::Phase: {
        const std::string phases = trimmed(input.phases);
        draft.phases = phases.empty() ? 1 : phases == "1" ? 1 : phases == "2" ? 2 : phases == "3" ? 3 : 0;
        if (draft.phases == 0)
            errors["phases"] = "aligners.order.error.phases";
        break;
    }
    }
    return draft;
}

} // namespace molar::aligners
