#pragma once

#include "http/ConnectionSocket.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace molar::fuzz {

// A server connection as HttpServer holds it (PrefixedSocketImpl, ConnectionSession)
// whose client sent `bytes` and then closed: the reactor's prefix holds them all, and
// the socket (one end of a local socket pair, the other end closed) gives the end of
// the stream after them. No network, no waiting.
class MemoryConnection
{
public:
    // The session's buffer, visible to the target: which bytes Poco has taken.
    class Session : public host::ConnectionSession
    {
    public:
        using host::ConnectionSession::buffered;
        using host::ConnectionSession::ConnectionSession;
    };

    MemoryConnection(const std::string& bytes, Poco::Net::HTTPServerParams::Ptr params)
        : impl(new host::PrefixedSocketImpl(openPair())), socket(impl), session(socket, params)
    {
        impl->prefix() = bytes;
    }

    // Bytes the client sent that nothing has read yet, without taking them.
    std::size_t unread() const
    {
        return static_cast<std::size_t>(session.buffered()) + impl->prefix().size();
    }

    // What HttpServer::giveBack keeps for the next request: the session's buffer, then the prefix.
    std::string takeUnread()
    {
        std::string rest = session.takeBuffered() + impl->prefix();
        impl->prefix().clear();
        return rest;
    }

    host::PrefixedSocketImpl* impl; // owned by `socket`
    Poco::Net::StreamSocket socket;
    Session session;

private:
    static int openPair()
    {
        int ends[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
            std::abort();
        ::close(ends[1]);
        return ends[0];
    }
};

} // namespace molar::fuzz
