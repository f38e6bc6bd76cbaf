#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <string>

namespace molar::host {

// A client connection's socket that first gives back the bytes the reactor already
// read from it (the request head, perhaps more), then reads the socket itself. This
// lets Poco's parser run on a head that arrived while no worker was waiting.
class PrefixedSocketImpl : public Poco::Net::StreamSocketImpl
{
public:
    explicit PrefixedSocketImpl(poco_socket_t fd) : Poco::Net::StreamSocketImpl(fd) {}

    int receiveBytes(void* buffer, int length, int flags = 0) override;
    using Poco::Net::StreamSocketImpl::receiveBytes;

    // The bytes to give back first, in front of what is still in the socket.
    std::string& prefix() { return _prefix; }
    // Reads what the socket has without waiting and without touching the prefix:
    // the number of bytes read, 0 at the end of the stream, -1 when nothing is there.
    int receiveNow(char* buffer, int length);
    // Sends without waiting; for short answers the reactor gives before closing.
    void sendNow(const std::string& bytes);

private:
    std::string _prefix;
};

// Poco's server session, able to hand back the bytes it read past the request it
// parsed (the start of a pipelined next request).
class ConnectionSession : public Poco::Net::HTTPServerSession
{
public:
    ConnectionSession(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params)
        : Poco::Net::HTTPServerSession(socket, params)
    {
    }
    std::string takeBuffered();
    // Reads what the session holds, else from the socket (at most `length` bytes; 0 at the end).
    int readBytes(char* buffer, std::streamsize length) { return read(buffer, length); }
};

} // namespace molar::host
