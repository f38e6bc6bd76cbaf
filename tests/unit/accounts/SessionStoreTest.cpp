// Database sessions on both databases: random tokens of which only the SHA-256 is
// kept, expiry by the clock, sign-out, and ending a user's other sessions.
#include "AccountsTestSupport.h"
#include "Assertions.h"

#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"

#include <cppunit/extensions/HelperMacros.h>

#include <openssl/sha.h>

#include <memory>
#include <set>

using molar::host::SessionStore;
using molar::host::SignInService;
using molar::host::SignInSettings;
using std::chrono::hours;
using std::chrono::milliseconds;

namespace {

const std::string kAddress = "198.51.100.7";

// Computed here with OpenSSL, independently of the store's own digest.
std::string sha256Hex(const std::string& text)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

} // namespace

class SessionStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SessionStoreTest);
    CPPUNIT_TEST(testCreateReturnsAHexTokenAndStoresOnlyItsDigest);
    CPPUNIT_TEST(testResolvesUntilExpiryAndNotAfter);
    CPPUNIT_TEST(testUnknownAndMalformedTokensResolveToNobody);
    CPPUNIT_TEST(testRevokeEndsOneSession);
    CPPUNIT_TEST(testRevokeOthersKeepsOnlyTheGivenToken);
    CPPUNIT_TEST(testTwoSignInsGiveDifferentTokens);
    CPPUNIT_TEST(testAnIdleSessionEndsAndRequestsKeepItAlive);
    CPPUNIT_TEST(testPurgeDeletesEndedSessionsOnly);
    CPPUNIT_TEST(testResolveUserReadsEachSessionsOwnUserWhileItLives);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _f = std::make_unique<molar::test::AccountsFixture>();
        _sessions = std::make_unique<SessionStore>(_f->database(), _f->clock, kLifetime, kLifetime);
        _lina = _f->createUser("lina@pearl.example", "linahaddad", "amber tide over the corniche");
        _karim = _f->createUser("karim@pearl.example", "karimnasser", "dunes at low tide in winter");
    }

    void tearDown() override
    {
        _sessions.reset();
        _f.reset();
    }

    // accounts.sessionIdleMinutes: a session nobody uses ends before its lifetime does;
    // each request moves its last request time on.
    void testAnIdleSessionEndsAndRequestsKeepItAlive()
    {
        SessionStore store(_f->database(), _f->clock, kLifetime, std::chrono::minutes(30));
        const std::string token = create(store, _lina);
        _f->clock.advance(std::chrono::minutes(29));
        CPPUNIT_ASSERT_EQUAL(_lina, store.resolve(token).value_or(0));
        _f->clock.advance(std::chrono::minutes(29)); // 58 minutes old, 29 idle
        CPPUNIT_ASSERT_EQUAL(_lina, store.resolve(token).value_or(0));
        _f->clock.advance(std::chrono::minutes(30)); // 30 idle
        CPPUNIT_ASSERT(!store.resolve(token));
        // Once idle, a request does not bring it back.
        _f->clock.advance(std::chrono::minutes(1));
        CPPUNIT_ASSERT(!store.resolve(token));
    }

    // What every signed-in request does first: the session and its user in one query,
    // with the session's rules (idle, touched by use, revoked) as resolve() keeps them.
    void testResolveUserReadsEachSessionsOwnUserWhileItLives()
    {
        SessionStore store(_f->database(), _f->clock, kLifetime, std::chrono::minutes(30));
        molar::host::AccountStore accounts;
        const std::string linas = create(store, _lina);
        const std::string karims = create(store, _karim);
        auto lina = store.resolveUser(linas, accounts);
        auto karim = store.resolveUser(karims, accounts);
        CPPUNIT_ASSERT(lina && karim);
        CPPUNIT_ASSERT_EQUAL(_lina, lina->id);
        CPPUNIT_ASSERT_EQUAL(std::string("lina@pearl.example"), lina->email);
        CPPUNIT_ASSERT_EQUAL(_karim, karim->id);
        CPPUNIT_ASSERT_EQUAL(std::string("karimnasser"), karim->username);
        CPPUNIT_ASSERT(!store.resolveUser(std::string(64, 'a'), accounts));
        CPPUNIT_ASSERT(!store.resolveUser(linas.substr(1), accounts));

        // Used every 29 minutes Lina's session lives on; Karim's, unused, ends.
        _f->clock.advance(std::chrono::minutes(29));
        CPPUNIT_ASSERT(store.resolveUser(linas, accounts));
        _f->clock.advance(std::chrono::minutes(29));
        CPPUNIT_ASSERT(store.resolveUser(linas, accounts));
        CPPUNIT_ASSERT(!store.resolveUser(karims, accounts));
        store.revoke(linas);
        CPPUNIT_ASSERT(!store.resolveUser(linas, accounts));
    }

    void testPurgeDeletesEndedSessionsOnly()
    {
        SessionStore store(_f->database(), _f->clock, hours(8), std::chrono::minutes(30));
        const std::string idle = create(store, _lina);
        _f->clock.advance(std::chrono::minutes(20));
        const std::string busy = create(store, _karim);
        _f->clock.advance(std::chrono::minutes(15)); // idle is 35 minutes idle, busy 15
        CPPUNIT_ASSERT_EQUAL(1, store.purgeEnded());
        CPPUNIT_ASSERT(!store.resolve(idle));
        CPPUNIT_ASSERT_EQUAL(_karim, store.resolve(busy).value_or(0));
        auto rows = _f->database().query("SELECT user_id FROM molar_sessions");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        // Kept alive past its lifetime, it still ends then, and is purged.
        for (int i = 0; i < 20; ++i) {
            _f->clock.advance(std::chrono::minutes(25));
            store.resolve(busy);
        }
        CPPUNIT_ASSERT(!store.resolve(busy));
        CPPUNIT_ASSERT_EQUAL(1, store.purgeEnded());
        CPPUNIT_ASSERT_EQUAL(0, store.purgeEnded());
    }

    void testCreateReturnsAHexTokenAndStoresOnlyItsDigest()
    {
        const std::string token = create(_lina);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), token.size());
        CPPUNIT_ASSERT_EQUAL(std::string::npos, token.find_first_not_of("0123456789abcdef"));

        auto rows = _f->database().query("SELECT * FROM molar_sessions");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(sha256Hex(token), rows.get(0, "token_hash").asString());
        CPPUNIT_ASSERT_EQUAL(_lina, rows.get(0, "user_id").asInt());
        CPPUNIT_ASSERT_EQUAL(molar::test::kStartMs, rows.get(0, "created_at").asInt());
        CPPUNIT_ASSERT_EQUAL(molar::test::kStartMs + milliseconds(kLifetime).count(),
                             rows.get(0, "expires_at").asInt());
        CPPUNIT_ASSERT_EQUAL(kAddress, rows.get(0, "address").asString());
        // The token itself is nowhere in the table, in any column.
        for (const auto& value : rows.row(0))
            if (value.isString())
                MOLAR_ASSERT_NOT_CONTAINS(token, value.asString());
    }

    void testResolvesUntilExpiryAndNotAfter()
    {
        const std::string token = create(_lina);
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(token).value_or(0));
        _f->clock.advance(kLifetime - milliseconds(1));
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(token).value_or(0));
        _f->clock.advance(milliseconds(1));
        CPPUNIT_ASSERT(!_sessions->resolve(token));
        _f->clock.advance(hours(1));
        CPPUNIT_ASSERT(!_sessions->resolve(token));
    }

    void testUnknownAndMalformedTokensResolveToNobody()
    {
        const std::string token = create(_lina);
        CPPUNIT_ASSERT(!_sessions->resolve(""));
        CPPUNIT_ASSERT(!_sessions->resolve(std::string(64, 'a')));
        CPPUNIT_ASSERT(!_sessions->resolve(token.substr(0, 63)));
        CPPUNIT_ASSERT(!_sessions->resolve(token + "0"));
        // What a copy of the table holds does not open the session.
        CPPUNIT_ASSERT(!_sessions->resolve(sha256Hex(token)));
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(token).value_or(0));
    }

    void testRevokeEndsOneSession()
    {
        const std::string first = create(_lina);
        const std::string second = create(_lina);
        _sessions->revoke(first);
        CPPUNIT_ASSERT(!_sessions->resolve(first));
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(second).value_or(0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_sessions"));
        // Revoking nothing, or a session that is gone, changes nothing.
        _sessions->revoke("");
        _sessions->revoke(first);
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(second).value_or(0));
    }

    void testRevokeOthersKeepsOnlyTheGivenToken()
    {
        const std::string laptop = create(_lina);
        const std::string phone = create(_lina);
        const std::string tablet = create(_lina);
        const std::string karims = create(_karim);
        _f->database().transaction(
            [&](molar::sdk::Transaction& tx) { _sessions->revokeOthers(tx, _lina, phone); });
        CPPUNIT_ASSERT(!_sessions->resolve(laptop));
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(phone).value_or(0));
        CPPUNIT_ASSERT(!_sessions->resolve(tablet));
        CPPUNIT_ASSERT_EQUAL(_karim, _sessions->resolve(karims).value_or(0));

        // Without a token to keep, every session of the user ends.
        _f->database().transaction(
            [&](molar::sdk::Transaction& tx) { _sessions->revokeOthers(tx, _lina, ""); });
        CPPUNIT_ASSERT(!_sessions->resolve(phone));
        CPPUNIT_ASSERT_EQUAL(_karim, _sessions->resolve(karims).value_or(0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_sessions"));
    }

    void testTwoSignInsGiveDifferentTokens()
    {
        SignInService service(_f->database(), _f->clock, *_sessions, _f->hasher, *_f->audit,
                              SignInSettings{});
        auto first = service.signIn("linahaddad", "amber tide over the corniche", kAddress);
        auto second = service.signIn("linahaddad", "amber tide over the corniche", kAddress);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), first.sessionToken.size());
        CPPUNIT_ASSERT(first.sessionToken != second.sessionToken);
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(first.sessionToken).value_or(0));
        CPPUNIT_ASSERT_EQUAL(_lina, _sessions->resolve(second.sessionToken).value_or(0));

        std::set<std::string> tokens{first.sessionToken, second.sessionToken};
        for (int i = 0; i < 100; ++i)
            tokens.insert(create(_karim));
        CPPUNIT_ASSERT_EQUAL(std::size_t(102), tokens.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(102), _f->count("molar_sessions"));
    }

private:
    static constexpr std::chrono::seconds kLifetime{7 * 24 * 3600};

    std::string create(std::int64_t userId) { return create(*_sessions, userId); }
    std::string create(SessionStore& store, std::int64_t userId)
    {
        std::string token;
        _f->database().transaction(
            [&](molar::sdk::Transaction& tx) { token = store.create(tx, userId, kAddress); });
        return token;
    }

    std::unique_ptr<molar::test::AccountsFixture> _f;
    std::unique_ptr<SessionStore> _sessions;
    std::int64_t _lina = 0;
    std::int64_t _karim = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SessionStoreTest);
