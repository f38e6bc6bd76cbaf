#include "feedback/AnswerForm.h"

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
// shown on a public page: nothing half-decoded gets there).
bool countCodePoints(const std::string& text, std::size_t& count)
{
    count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        unsigned minimum = 0;
        unsigned value = 0;
        if (lead < 0x80) {
            length = 1;
            value = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            minimum = 0x80;
            value = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            minimum = 0x800;
            value = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            minimum = 0x10000;
            value = lead & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            value = (value << 6) | (next & 0x3F);
        }
        if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
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
