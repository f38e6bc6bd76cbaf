#pragma once

#include "BareDatabase.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Types.h>

#include <string>

namespace molar::bench {

// Who a request's session cookie signs in: the columns molard's AccountStore reads
// with the session.
struct BareViewer
{
    Poco::Int64 userId = 0;
    Poco::Int64 organizationId = 0; // 0 for the lab's people
    std::string side;               // "clinic" or "lab"
    std::string role;
    std::string email;
    std::string username;
    std::string firstName;
    std::string lastName;
    std::string phone;
    std::string language;
    std::string timeZone;
    std::string status;
    Poco::Int64 blockedByLab = 0;
    std::string passwordHash;
    Poco::Int64 mustChangePassword = 0;
    std::string organizationStatus; // "" for the lab's people
    Poco::Int64 lastSeenAt = 0;     // UTC milliseconds
};

// One thread's connection and the query molard's SessionStore sends first on every
// signed-in request: the user of a live session, found by the SHA-256 of the cookie's
// token, with its organization's status; and the write that moves the session's last
// request time on, at most once a minute. Not thread-safe.
class SessionReader
{
public:
    explicit SessionReader(const BareDatabaseUrl& url);

    // The user of a live session's token, or null; valid until the next call.
    const BareViewer* read(const std::string& token);

private:
    Poco::Data::Session _session;
    BareStatement _select;
    BareStatement _touch;
    std::string _hash;
    Poco::Int64 _now = 0;
    Poco::Int64 _idleSince = 0;
    BareViewer _found;
};

// What every molard page that is not public does first: reads the session `request`'s
// cookie names on the calling thread's SessionReader and checks that its user may see
// the page. True when they may; else false after answering the request itself: 303 to
// the sign-in page without a live session (as molard sends a browser), 403 to another
// side or organization, 500 when the database fails.
// A clinic page of organization `organizationId`:
bool signedInOwner(const BareDatabaseUrl& url, Poco::Net::HTTPServerRequest& request,
                   Poco::Net::HTTPServerResponse& response, Poco::Int64 organizationId);
// A page of the lab's:
bool signedInLab(const BareDatabaseUrl& url, Poco::Net::HTTPServerRequest& request,
                 Poco::Net::HTTPServerResponse& response);

} // namespace molar::bench
