#include "files/TextLines.h"

namespace molar::cases {

namespace {

std::string_view trimmed(std::string_view line)
{
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    std::size_t start = line.find_first_not_of(" \t");
    return start == std::string_view::npos ? std::string_view() : line.substr(start);
}

void split(std::string_view text, bool firstWhole, bool lastWhole, std::vector<std::string_view>& lines)
{
    std::size_t start = 0;
    if (!firstWhole) {
        std::size_t end = text.find('\n');
        if (end == std::string_view::npos)
            return;
        start = end + 1;
    }
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            if (lastWhole)
                lines.push_back(trimmed(text.substr(start)));
            return;
        }
        lines.push_back(trimmed(text.substr(start, end - start)));
        start = end + 1;
    }
}

} // namespace

std::vector<std::string_view> wholeLines(const ContentSample& sample)
{
    std::string_view head = sample.head;
    // Some Windows editors start UTF-8 text with a byte order mark.
    if (head.substr(0, 3) == "\xEF\xBB\xBF")
        head.remove_prefix(3);

    std::vector<std::string_view> lines;
    bool whole = sample.size <= sample.head.size();
    split(head, true, whole, lines);
    if (!whole && sample.text)
        split(sample.tail, false, true, lines);
    return lines;
}

std::string_view firstWord(std::string_view line)
{
    std::size_t end = line.find_first_of(" \t");
    return end == std::string_view::npos ? line : line.substr(0, end);
}

std::string_view secondWord(std::string_view line)
{
    std::string_view rest = line.substr(firstWord(line).size());
    std::size_t start = rest.find_first_not_of(" \t");
    return start == std::string_view::npos ? std::string_view() : firstWord(rest.substr(start));
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && lowerCase(text.substr(0, prefix.size())) == prefix;
}

std::string lowerCase(std::string_view text)
{
    std::string lower(text);
    for (char& c : lower) {
        // Not std::tolower: the process's locale must not change what a file is.
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
}

} // namespace molar::cases
