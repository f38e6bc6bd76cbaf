#include "score/Redaction.h"

#include <cstddef>
#include <vector>

namespace molar::nps {

namespace {

constexpr std::size_t kMaxInitials = 3;
constexpr std::size_t kCaseNumberTail = 4;

bool isContinuationByte(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence starting at text[at], or 0 when it is not
// one: a broken name must not put half a letter on a public page.
std::size_t codePointLength(const std::string& text, std::size_t at)
{
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    if (lead < 0x80)
        length = 1;
    else if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4;
    if (length == 0 || at + length > text.size())
        return 0;
    for (std::size_t i = 1; i < length; ++i)
        if (!isContinuationByte(static_cast<unsigned char>(text[at + i])))
            return 0;
    return length;
}

// ASCII white space and the no-break space (U+00A0), which names pasted from documents
// carry between words.
std::size_t spaceLength(const std::string& text, std::size_t at)
{
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == '\xC2' && at + 1 < text.size() && text[at + 1] == '\xA0')
        return 2;
    return 0;
}

std::vector<std::string> words(const std::string& text)
{
    std::vector<std::string> out;
    std::string word;
    for (std::size_t at = 0; at < text.size();) {
        if (const std::size_t space = spaceLength(text, at)) {
            if (!word.empty())
                out.push_back(word);
            word.clear();
            at += space;
            continue;
        }
        word += text[at++];
    }
    if (!word.empty())
        out.push_back(word);
    return out;
}

std::string asciiLower(std::string text)
{
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

bool isTitle(const std::string& word)
{
    // Compared in lower case; Arabic has no case. "أ.د." is professor-doctor.
    static const char* const titles[] = {
        "dr",  "dr.", "prof", "prof.", "mr", "mr.", "mrs",  "mrs.",  "ms",     "ms.",     "pr",
        "pr.", "mme", "mme.", "د",     "د.", "أ.د", "أ.د.", "دكتور", "دكتورة", "الدكتور", "الدكتورة"};
    const std::string lower = asciiLower(word);
    for (const char* title : titles)
        if (lower == title)
            return true;
    return false;
}

bool isAsciiPunctuation(unsigned char c)
{
    return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

// The word's first letter: leading ASCII punctuation ("(Lina)", "'Ali") skipped; empty for
// a word of punctuation only or one that is not UTF-8.
std::string firstLetter(const std::string& word)
{
    std::size_t at = 0;
    while (at < word.size() && isAsciiPunctuation(static_cast<unsigned char>(word[at])))
        ++at;
    if (at == word.size())
        return {};
    const std::size_t length = codePointLength(word, at);
    if (length == 0)
        return {};
    std::string letter = word.substr(at, length);
    if (length == 1)
        letter = std::string(
            1, letter[0] >= 'a' && letter[0] <= 'z' ? static_cast<char>(letter[0] - 'a' + 'A') : letter[0]);
    return letter;
}

} // namespace

std::string authorInitials(const std::string& displayName)
{
    const std::vector<std::string> all = words(displayName);
    std::size_t first = 0;
    // Only leading titles: a later "Ms" or "Dr" is part of the name itself.
    while (first < all.size() && isTitle(all[first]))
        ++first;
    std::string initials;
    std::size_t taken = 0;
    for (std::size_t i = first; i < all.size() && taken < kMaxInitials; ++i) {
        const std::string letter = firstLetter(all[i]);
        if (letter.empty())
            continue;
        if (!initials.empty())
            initials += ' ';
        initials += letter + ".";
        ++taken;
    }
    return initials;
}

std::string lastFourOfCaseNumber(const std::string& number)
{
    if (number.empty())
        return {};
    // Walks back over whole code points, so that a non-ASCII number is never cut inside a
    // character; for ASCII numbers this is the last four bytes.
    std::size_t start = number.size();
    for (std::size_t kept = 0; kept < kCaseNumberTail && start > 0; ++kept) {
        --start;
        while (start > 0 && isContinuationByte(static_cast<unsigned char>(number[start])))
            --start;
    }
    return "\xE2\x80\xA6" + number.substr(start);
}

} // namespace molar::nps
