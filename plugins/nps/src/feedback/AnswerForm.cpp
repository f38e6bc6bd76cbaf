#include "feedback/AnswerForm.h"

#include <Poco/UTF8Encoding.h>

#include <cstddef>

namespace molar::nps {

namespace {

constexpr std::size_t kMaxCommentCodePoints = 1000;

std::string trimmed(const std::string& text)
{
    const char* space = " \t\r\n";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) + 1 - first);
}

// A whole number from `low` to `high` written in one or two ASCII digits, or none.
bool readSmall(const std::string& text, int low, int high, int& out)
{
    if (text.empty() || text.size() > 2)
        return false;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    if (value < low || value > high)
        return false;
    out = value;
    return true;
}

// The code points of well-formed UTF-8, or none for bytes that are not (a comment is
// shown on a public page: nothing half-decoded gets there). Poco's UTF-8 table gives each
// lead byte's length (-n for n bytes, -1 for none); isLegal refuses overlong forms,
// surrogates and code points past U+10FFFF.
bool countCodePoints(const std::string& text, std::size_t& count)
{
    static const Poco::UTF8Encoding utf8;
    const auto& lengths = utf8.characterMap();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const int entry = lengths[bytes[i]];
        const int length = entry >= 0 ? 1 : -entry;
        if (entry == -1 || i + length > text.size() || !Poco::UTF8Encoding::isLegal(bytes + i, length))
            return false;
        i += length;
    }
    return true;
}

// Stars: not given ("" or "0"), or 1 to 5.
void readStars(const std::string& field, const std::string& text, int& out, CheckedAnswer& checked)
{
    const std::string value = trimmed(text);
    if (value.empty() || value == "0") {
        out = 0;
        return;
    }
    if (!readSmall(value, 1, 5, out))
        checked.errors[field] = "nps.error.stars";
}

} // namespace

CheckedAnswer checkAnswer(const AnswerForm& form)
{
    CheckedAnswer checked;
    if (!readSmall(trimmed(form.score), 0, 10, checked.score))
        checked.errors["score"] = "nps.error.score";
    readStars("fit", form.fit, checked.fitStars, checked);
    readStars("aesthetics", form.aesthetics, checked.aestheticsStars, checked);
    readStars("speed", form.speed, checked.speedStars, checked);
    checked.comment = trimmed(form.comment);
    std::size_t length = 0;
    if (!countCodePoints(checked.comment, length) || length > kMaxCommentCodePoints)
        checked.errors["comment"] = "nps.error.comment";
    checked.consent = form.consent;
    return checked;
}

} // namespace molar::nps
