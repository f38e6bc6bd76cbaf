#include "molar/pdf/VisualText.h"

#include <fribidi/fribidi.h>

#include <vector>

namespace molar::pdf {

namespace {

std::vector<FriBidiChar> toUnicode(const std::string& utf8)
{
    std::vector<FriBidiChar> text(utf8.size() + 1);
    const FriBidiStrIndex length = fribidi_charset_to_unicode(
        FRIBIDI_CHAR_SET_UTF8, utf8.data(), static_cast<FriBidiStrIndex>(utf8.size()), text.data());
    text.resize(static_cast<std::size_t>(length));
    return text;
}

void appendUtf8(std::string& out, FriBidiChar c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x110000) {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

} // namespace

std::string visualOrder(const std::string& logicalUtf8, bool rightToLeft)
{
    std::vector<FriBidiChar> text = toUnicode(logicalUtf8);
    if (text.empty())
        return {};
    const auto length = static_cast<FriBidiStrIndex>(text.size());

    std::vector<FriBidiCharType> types(text.size());
    std::vector<FriBidiBracketType> brackets(text.size());
    std::vector<FriBidiLevel> levels(text.size());
    std::vector<FriBidiArabicProp> arabic(text.size());
    fribidi_get_bidi_types(text.data(), length, types.data());
    fribidi_get_bracket_types(text.data(), length, types.data(), brackets.data());
    FriBidiParType base = rightToLeft ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), length, &base, levels.data()) == 0)
        return logicalUtf8;

    const FriBidiFlags flags = FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC;
    fribidi_get_joining_types(text.data(), length, arabic.data());
    fribidi_join_arabic(types.data(), length, levels.data(), arabic.data());
    fribidi_shape(flags, levels.data(), length, arabic.data(), text.data());
    if (fribidi_reorder_line(flags, types.data(), length, 0, base, levels.data(), text.data(), nullptr) == 0)
        return logicalUtf8;

    std::string out;
    out.reserve(logicalUtf8.size());
    for (const FriBidiChar c : text) {
        // A ligature leaves a filler where its second letter was; explicit marks draw nothing.
        if (c == FRIBIDI_CHAR_FILL || FRIBIDI_IS_EXPLICIT_OR_BN(fribidi_get_bidi_type(c)))
            continue;
        appendUtf8(out, c);
    }
    return out;
}

bool hasRightToLeft(const std::string& utf8)
{
    for (const FriBidiChar c : toUnicode(utf8)) {
        // Not fribidi's FRIBIDI_IS_RTL_LETTER: its == binds before its &, so it tests the
        // right-to-left bit alone and takes an embedding mark (RLE, RLO, RLI) for a letter.
        const FriBidiCharType type = fribidi_get_bidi_type(c);
        if (FRIBIDI_IS_LETTER(type) && FRIBIDI_IS_RTL(type))
            return true;
    }
    return false;
}

} // namespace molar::pdf
