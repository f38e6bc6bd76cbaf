#include "http/ChunkedBody.h"

#include "http/ConnectionSocket.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

namespace molar::host {

namespace {

const std::size_t MAX_SIZE_LINE = 4096;      // a size and its extensions
const std::size_t MAX_TRAILER_BYTES = 16384; // all trailer fields
const std::size_t MAX_SIZE_DIGITS = 15;

[[noreturn]] void malformed(const char* what)
{
    throw sdk::HttpError(400, std::string("The request's chunked body is malformed: ") + what + ".");
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

char ChunkedBodyBuf::nextByte()
{
    char c;
    if (_session.readBytes(&c, 1) != 1)
        malformed("it ends before its last chunk");
    return c;
}

std::string ChunkedBodyBuf::line(std::size_t most)
{
    std::string text;
    for (;;) {
        const char c = nextByte();
        if (c == '\n')
            malformed("a line ends without CR");
        if (c == '\r') {
            if (nextByte() != '\n')
                malformed("a CR without LF");
            return text;
        }
        if (text.size() == most)
            malformed("a line is too long");
        text += c;
    }
}

void ChunkedBodyBuf::startChunk()
{
    const std::string size = line(MAX_SIZE_LINE);
    std::size_t digits = 0;
    std::uint64_t value = 0;
    for (; digits < size.size() && hexValue(size[digits]) >= 0; ++digits) {
        if (digits == MAX_SIZE_DIGITS)
            malformed("a chunk size is too large");
        value = value * 16 + static_cast<std::uint64_t>(hexValue(size[digits]));
    }
    // Extensions (RFC 9112, 7.1.1) may follow, after optional white space and ';'.
    std::size_t after = size.find_first_not_of(" \t", digits);
    if (digits == 0 || (digits < size.size() && (after == std::string::npos || size[after] != ';')))
        malformed("a chunk size is not hexadecimal");
    _left = value;
    _inChunk = value > 0;
    if (!_inChunk)
        readTrailers();
}

void ChunkedBodyBuf::readTrailers()
{
    std::size_t total = 0;
    for (;;) {
        const std::string field = line(MAX_TRAILER_BYTES);
        if (field.empty())
            break;
        total += field.size() + 2;
        const auto colon = field.find(':');
        if (total > MAX_TRAILER_BYTES || colon == 0 || colon == std::string::npos ||
            field.find_first_of(" \t") < colon)
            malformed("a trailer field is not a field");
    }
    _ended = true;
}

ChunkedBodyBuf::int_type ChunkedBodyBuf::underflow()
{
    if (gptr() < egptr())
        return traits_type::to_int_type(*gptr());
    if (_ended)
        return traits_type::eof();
    if (!_inChunk) {
        startChunk();
        if (_ended)
            return traits_type::eof();
    }
    const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(_left, sizeof(_buffer)));
    const int got = _session.readBytes(_buffer, want);
    if (got <= 0)
        malformed("it ends before its last chunk");
    _left -= static_cast<std::uint64_t>(got);
    if (_left == 0) {
        if (nextByte() != '\r' || nextByte() != '\n')
            malformed("a chunk is longer than its size");
        _inChunk = false;
    }
    setg(_buffer, _buffer, _buffer + got);
    return traits_type::to_int_type(*gptr());
}

} // namespace molar::host
