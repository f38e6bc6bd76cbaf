#pragma once

#include <cctype>
#include <cstddef>
#include <string>

namespace molar::fuzz {

// A chunked body read by the letter of RFC 9112 (7.1), to compare the server's reading
// with: chunk sizes of at most 15 hex digits, extensions after ';', CRLF line ends,
// and a trailer section of field lines ending with an empty line.
struct ChunkedReading
{
    enum class Verdict
    {
        Whole,     // `data` is the body, `end` where the next request starts
        CutShort,  // ends before its last chunk and trailers
        Malformed, // not chunked coding
    } verdict = Verdict::Malformed;
    std::string data;
    std::size_t end = 0;
};

inline ChunkedReading readChunked(const std::string& bytes)
{
    ChunkedReading reading;
    std::size_t at = 0;
    // One line without its CRLF; false when it is not there yet or ends with a bare LF or CR.
    const auto line = [&](std::string& out) {
        const std::size_t lf = bytes.find('\n', at);
        if (lf == std::string::npos) {
            reading.verdict = ChunkedReading::Verdict::CutShort;
            return false;
        }
        if (lf == at || bytes[lf - 1] != '\r' || bytes.find('\r', at) != lf - 1) {
            reading.verdict = ChunkedReading::Verdict::Malformed;
            return false;
        }
        out = bytes.substr(at, lf - 1 - at);
        at = lf + 1;
        return true;
    };
    for (;;) {
        std::string sizeLine;
        if (!line(sizeLine))
            return reading;
        std::size_t digits = 0;
        unsigned long long size = 0;
        while (digits < sizeLine.size() && std::isxdigit(static_cast<unsigned char>(sizeLine[digits]))) {
            const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(sizeLine[digits])));
            size = size * 16 + static_cast<unsigned long long>(c <= '9' ? c - '0' : c - 'a' + 10);
            ++digits;
        }
        // Extensions after optional white space and ';' (RFC 9112, 7.1.1).
        const std::size_t semicolon = sizeLine.find_first_not_of(" \t", digits);
        const bool extension = semicolon != std::string::npos && sizeLine[semicolon] == ';';
        if (digits == 0 || digits > 15 || (digits < sizeLine.size() && !extension))
            return reading; // Malformed
        if (size == 0)
            break;
        if (bytes.size() - at < size + 2) {
            reading.verdict = ChunkedReading::Verdict::CutShort;
            return reading;
        }
        if (bytes.compare(at + size, 2, "\r\n") != 0)
            return reading; // Malformed
        reading.data.append(bytes, at, size);
        at += size + 2;
    }
    for (;;) {
        std::string field;
        if (!line(field))
            return reading;
        if (field.empty())
            break;
        const std::size_t colon = field.find(':');
        if (colon == 0 || colon == std::string::npos ||
            field.find_first_of(" \t") < colon) // a field name has no spaces
            return reading;                     // Malformed
    }
    reading.verdict = ChunkedReading::Verdict::Whole;
    reading.end = at;
    return reading;
}

} // namespace molar::fuzz
