#include "BareSignIn.h"

#include "BareRequest.h"

#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/SHA2Engine.h>

#include <chrono>
#include <iostream>
#include <memory>

using Poco::Net::HTTPResponse;

namespace molar::bench {

namespace {

// molard's defaults: a session ends after two hours without a request, and a request
// writes its time at most once a minute.
constexpr Poco::Int64 IdleMs = 2 * 60 * 60 * 1000;
constexpr Poco::Int64 TouchAfterMs = 60 * 1000;

const char* const SessionSql =
    "SELECT u.id, u.side, u.role, u.organization_id, u.email, u.username, u.first_name,"
    " u.last_name, u.phone, u.language, u.time_zone, u.status, u.blocked_by_lab,"
    " u.password_hash, u.must_change_password, o.status AS organization_status, s.last_seen_at"
    " FROM molar_users u LEFT JOIN molar_organizations o ON o.id = u.organization_id"
    " JOIN molar_sessions s ON s.user_id = u.id"
    " WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?";

Poco::Int64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string sha256Hex(const std::string& text)
{
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

} // namespace

SessionReader::SessionReader(const BareDatabaseUrl& url)
    : _session(threadSession(url)), _select(_session), _touch(_session)
{
    _select.sql(SessionSql).use(_hash).use(_now).use(_idleSince);
    _select.into(_found.userId).into(_found.side).into(_found.role).into(_found.organizationId);
    _select.into(_found.email).into(_found.username).into(_found.firstName).into(_found.lastName);
    _select.into(_found.phone).into(_found.language).into(_found.timeZone).into(_found.status);
    _select.into(_found.blockedByLab).into(_found.passwordHash).into(_found.mustChangePassword);
    _select.into(_found.organizationStatus).into(_found.lastSeenAt);
    _touch.sql("UPDATE molar_sessions SET last_seen_at = ? WHERE token_hash = ?").use(_now).use(_hash);
}

const BareViewer* SessionReader::read(const std::string& token)
{
    if (token.size() != 64)
        return nullptr;
    _hash = sha256Hex(token);
    _now = nowMs();
    _idleSince = _now - IdleMs;
    _found = BareViewer();
    if (_select.execute() == 0)
        return nullptr;
    if (_found.lastSeenAt < _now - TouchAfterMs)
        _touch.execute();
    return &_found;
}

namespace {

// The live, active session's user of `request`, or null after answering it.
const BareViewer* signedIn(const BareDatabaseUrl& url, Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response)
{
    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<SessionReader> reader;
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    try {
        if (!reader)
            reader = std::make_unique<SessionReader>(url);
        const BareViewer* viewer = reader->read(cookies.get("molar_session", ""));
        if (viewer && viewer->status == "active")
            return viewer;
    } catch (const Poco::Exception& e) {
        std::cerr << "session: " << e.displayText() << std::endl;
        reader.reset();
        answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain", "database error\n");
        return nullptr;
    }
    response.set("Location", "/sign-in");
    answer(response, HTTPResponse::HTTP_SEE_OTHER, "text/plain", "sign in first\n");
    return nullptr;
}

} // namespace

bool signedInOwner(const BareDatabaseUrl& url, Poco::Net::HTTPServerRequest& request,
                   Poco::Net::HTTPServerResponse& response, Poco::Int64 organizationId)
{
    const BareViewer* viewer = signedIn(url, request, response);
    if (!viewer)
        return false;
    if (viewer->side == "clinic" && viewer->organizationId == organizationId)
        return true;
    answer(response, HTTPResponse::HTTP_FORBIDDEN, "text/plain", "not your organization\n");
    return false;
}

bool signedInLab(const BareDatabaseUrl& url, Poco::Net::HTTPServerRequest& request,
                 Poco::Net::HTTPServerResponse& response)
{
    const BareViewer* viewer = signedIn(url, request, response);
    if (!viewer)
        return false;
    if (viewer->side == "lab")
        return true;
    answer(response, HTTPResponse::HTTP_FORBIDDEN, "text/plain", "the lab's page\n");
    return false;
}

} // namespace molar::bench
