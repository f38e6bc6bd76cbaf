#pragma once

#include <cstddef>
#include <string>

namespace molar::host {

// Whether the bytes a connection has sent so far hold a whole request head (the
// request line and header fields up to the empty line), so that a worker can
// parse it without waiting on the client.
enum class HeadScan
{
    Incomplete, // keep reading
    Complete,   // a worker can take it
    TooLarge,   // more than the limit before the empty line: 431 and close
};

HeadScan scanRequestHead(const std::string& bytes, std::size_t maxHeadBytes);

} // namespace molar::host
