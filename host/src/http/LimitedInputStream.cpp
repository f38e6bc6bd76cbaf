#include "http/LimitedInputStream.h"

#include "molar/sdk/Errors.h"

namespace molar::host {

LimitedStreamBuf::int_type LimitedStreamBuf::underflow()
{
    if (gptr() < egptr())
        return traits_type::to_int_type(*gptr());
    _source.read(_buffer, sizeof(_buffer));
    std::streamsize got = _source.gcount();
    if (got <= 0)
        return traits_type::eof();
    _consumed += static_cast<std::size_t>(got);
    if (_consumed > _limit) {
        _exceeded = true;
        throw sdk::HttpError(413, "The request body is larger than the " + std::to_string(_limit) +
                                      " bytes this address accepts.");
    }
    setg(_buffer, _buffer, _buffer + got);
    return traits_type::to_int_type(*gptr());
}

} // namespace molar::host
