#include "http/ConnectionSocket.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace molar::host {

int PrefixedSocketImpl::receiveBytes(void* buffer, int length, int flags)
{
    if (_prefix.empty() || length <= 0)
        return Poco::Net::StreamSocketImpl::receiveBytes(buffer, length, flags);
    const auto n = std::min(_prefix.size(), static_cast<std::size_t>(length));
    std::memcpy(buffer, _prefix.data(), n);
    _prefix.erase(0, n);
    return static_cast<int>(n);
}

int PrefixedSocketImpl::receiveNow(char* buffer, int length)
{
    for (;;) {
        const auto n = ::recv(sockfd(), buffer, static_cast<std::size_t>(length), MSG_DONTWAIT);
        if (n >= 0)
            return static_cast<int>(n);
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return -1;
        return 0; // reset or other failure: treat as the end
    }
}

void PrefixedSocketImpl::sendNow(const std::string& bytes)
{
    // Best effort: a client that does not read its short answer simply loses it.
    const auto sent = ::send(sockfd(), bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)sent;
}

std::string ConnectionSession::takeBuffered()
{
    std::string bytes(static_cast<std::size_t>(buffered()), '\0');
    std::size_t taken = 0;
    while (taken < bytes.size()) {
        // read() serves from the session's buffer while it has bytes.
        const int n = read(&bytes[taken], static_cast<std::streamsize>(bytes.size() - taken));
        if (n <= 0)
            break;
        taken += static_cast<std::size_t>(n);
    }
    bytes.resize(taken);
    return bytes;
}

} // namespace molar::host
