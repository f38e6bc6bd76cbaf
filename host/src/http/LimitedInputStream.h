#pragma once

#include <cstddef>
#include <istream>
#include <streambuf>

namespace molar::host {

// Reads at most `limit` bytes from another stream; reading more throws
// sdk::HttpError(413), so a handler streaming an upload stops at the route's
// limit without buffering the body.
class LimitedStreamBuf : public std::streambuf
{
public:
    LimitedStreamBuf(std::istream& source, std::size_t limit) : _source(source), _limit(limit) {}
    std::size_t consumed() const { return _consumed; }
    bool exceeded() const { return _exceeded; }

protected:
    int_type underflow() override;

private:
    std::istream& _source;
    std::size_t _limit;
    std::size_t _consumed = 0;
    bool _exceeded = false;
    char _buffer[16384];
};

class LimitedInputStream : public std::istream
{
public:
    LimitedInputStream(std::istream& source, std::size_t limit) : std::istream(nullptr), _buf(source, limit)
    {
        rdbuf(&_buf);
        // Let the 413 from the buffer reach the caller instead of only setting badbit.
        exceptions(std::ios::badbit);
    }
    const LimitedStreamBuf& buffer() const { return _buf; }

private:
    LimitedStreamBuf _buf;
};

} // namespace molar::host
