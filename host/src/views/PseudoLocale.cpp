#include "views/PseudoLocale.h"

#include "locale/IcuLocales.h"

#include <map>

namespace molar::host {

namespace {

// ASCII letters and their accented look-alikes (UTF-8): readable, but never English.
const std::map<char, std::string>& accents()
{
    static const std::map<char, std::string> table{
        {'a', "á"}, {'b', "ƀ"}, {'c', "ç"}, {'d', "ď"}, {'e', "é"}, {'f', "ƒ"}, {'g', "ğ"}, {'h', "ĥ"},
        {'i', "í"}, {'j', "ĵ"}, {'k', "ķ"}, {'l', "ĺ"}, {'m', "ɱ"}, {'n', "ñ"}, {'o', "ö"}, {'p', "þ"},
        {'q', "ǫ"}, {'r', "ŕ"}, {'s', "ś"}, {'t', "ţ"}, {'u', "ü"}, {'v', "ṽ"}, {'w', "ŵ"}, {'x', "ẋ"},
        {'y', "ý"}, {'z', "ž"}, {'A', "Å"}, {'B', "Ɓ"}, {'C', "Ç"}, {'D', "Ď"}, {'E', "É"}, {'F', "Ƒ"},
        {'G', "Ğ"}, {'H', "Ĥ"}, {'I', "Í"}, {'J', "Ĵ"}, {'K', "Ķ"}, {'L', "Ĺ"}, {'M', "Ṁ"}, {'N', "Ñ"},
        {'O', "Ö"}, {'P', "Þ"}, {'Q', "Ǫ"}, {'R', "Ŕ"}, {'S', "Ś"}, {'T', "Ţ"}, {'U', "Ü"}, {'V', "Ṽ"},
        {'W', "Ŵ"}, {'X', "Ẋ"}, {'Y', "Ý"}, {'Z', "Ž"}};
    return table;
}

void accent(char c, std::string& out, std::size_t& letters)
{
    auto found = accents().find(c);
    if (found == accents().end()) {
        out += c;
        return;
    }
    out += found->second;
    ++letters;
}

// The end of the brace group that starts at `at` ("{...}" or "{{...}}", nested), or npos.
std::size_t groupEnd(const std::string& text, std::size_t at)
{
    int depth = 0;
    for (std::size_t i = at; i < text.size(); ++i) {
        if (text[i] == '{')
            ++depth;
        else if (text[i] == '}' && --depth == 0)
            return i;
    }
    return std::string::npos;
}

// Mustache text: every brace group ({{tag}}, {name}) is kept, and so is a catalog key
// between {{#t}} and {{/t}}; the rest is accented.
std::string accentMustache(const std::string& text, std::size_t& letters)
{
    static const std::string keyStart = "{{#t}}", keyEnd = "{{/t}}";
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, keyStart.size(), keyStart) == 0) {
            const std::size_t end = text.find(keyEnd, i);
            if (end != std::string::npos) {
                out.append(text, i, end + keyEnd.size() - i);
                i = end + keyEnd.size() - 1;
                continue;
            }
        }
        if (text[i] == '{') {
            const std::size_t end = groupEnd(text, i);
            if (end != std::string::npos) {
                out.append(text, i, end - i + 1);
                i = end;
                continue;
            }
        }
        accent(text[i], out, letters);
    }
    return out;
}

// ICU MessageFormat: text at an even depth is message text (the top level, and each
// sub-message of a plural or select); an odd depth is an argument's name, type and keys.
std::string accentIcu(const std::string& text, std::size_t& letters)
{
    std::string out;
    int depth = 0;
    for (char c : text) {
        if (c == '{')
            ++depth;
        else if (c == '}')
            --depth;
        if (c == '{' || c == '}' || depth % 2 == 1 || c == '#')
            out += c;
        else
            accent(c, out, letters);
    }
    return out;
}

} // namespace

std::string pseudoLocalized(const std::string& english)
{
    std::size_t letters = 0;
    std::string out = isIcuMessage(english) ? accentIcu(english, letters) : accentMustache(english, letters);
    // 40 % longer, as German or Malayalam often are: one filler per 2.5 letters.
    const std::size_t padding = (letters * 2 + 4) / 5;
    std::string filler;
    for (std::size_t i = 0; i < padding; ++i)
        filler += "·";
    return "⟦" + out + filler + "⟧";
}

} // namespace molar::host
