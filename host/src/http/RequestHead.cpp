#include "http/RequestHead.h"

#include <cstring>

namespace molar::host {

namespace {

// Poco's header reader hands out a line in pieces of at most this many bytes, and
// takes a piece of two bytes (one character and LF) for the empty line.
const std::size_t POCO_LINE_PIECE = 4092;
// Poco's session hands out a byte as a signed char, so 0xFF reads as the end of the stream.
const char POCO_END_OF_STREAM = '\xff';

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

// Three words (method, target, version) on the line, as Poco's request-line reader
// needs to stay on it; it takes any white space, CR included, between them.
bool isRequestLine(const std::string& bytes, std::size_t begin, std::size_t end)
{
    int words = 0;
    bool inWord = false;
    for (std::size_t i = begin; i < end; ++i) {
        const bool blank = isBlank(bytes[i]);
        if (!blank && !inWord)
            ++words;
        inWord = !blank;
    }
    return words >= 3;
}

} // namespace

std::size_t requestStart(const std::string& bytes)
{
    const std::size_t start = bytes.find_first_not_of("\r\n");
    return start == std::string::npos ? bytes.size() : start;
}

HeadScan scanRequestHead(const std::string& bytes, std::size_t maxHeadBytes)
{
    const std::size_t start = requestStart(bytes);
    if (start < bytes.size() && isBlank(bytes[start]))
        return HeadScan::Malformed; // Poco would skip it, and line ends too
    // Line by line up to the first empty one; Poco accepts bare LF line ends too.
    std::size_t lineStart = start;
    for (std::size_t i = bytes.find('\n', start); i != std::string::npos; i = bytes.find('\n', i + 1)) {
        if (i - start > maxHeadBytes)
            return HeadScan::TooLarge;
        const std::size_t length = i + 1 - lineStart; // with its LF
        const bool empty = length == 1 || (length == 2 && bytes[lineStart] == '\r');
        if (lineStart == start) {
            if (!isRequestLine(bytes, lineStart, i))
                return HeadScan::Malformed;
        } else if (empty) {
            return HeadScan::Complete;
        } else if (isBlank(bytes[lineStart])) {
            return HeadScan::Malformed; // obs-fold, or a line Poco ends the head at
        }
        if (length % POCO_LINE_PIECE == 2 ||
            std::memchr(bytes.data() + lineStart, POCO_END_OF_STREAM, length))
            return HeadScan::Malformed;
        lineStart = i + 1;
    }
    return bytes.size() - start > maxHeadBytes ? HeadScan::TooLarge : HeadScan::Incomplete;
}

} // namespace molar::host
