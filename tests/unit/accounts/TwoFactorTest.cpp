// Two-factor sign-in on both databases: enrolment that counts only after a right
// code, a right password that makes no session until the code, each TOTP step and
// each recovery code accepted once, wrong codes ending the challenge and counting
// toward the lockout, the challenge's expiry, and the gate for lab users when
// accounts.requireTwoFactorForLab is on.
#include "AccountsTestSupport.h"
#include "Assertions.h"
#include "TestDatabase.h"

#include "accounts/AccountProvisioning.h"
#include "accounts/SessionStore.h"
#include "accounts/SignInService.h"
#include "accounts/TwoFactor.h"
#include "accounts/security/RecoveryCodes.h"
#include "accounts/security/Totp.h"
#include "app/DataDir.h"
#include "app/Portal.h"
#include "config/ConfigStore.h"
#include "http/StandardMiddleware.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <memory>

using molar::host::SessionStore;
using molar::host::SignInService;
using molar::host::SignInSettings;
using molar::host::Totp;
using molar::host::TwoFactorStore;
using Outcome = molar::host::SignInService::Outcome;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const std::string kPassword = "amber tide over the corniche";
const std::string kAddress = "198.51.100.7";

std::string name(Outcome o)
{
    return SignInService::name(o);
}

#define ASSERT_OUTCOME(expected, actual) CPPUNIT_ASSERT_EQUAL(std::string(expected), name(actual))

// "١٢٣ ٤٥٦": the code as an Arabic keyboard types it.
std::string arabicIndic(const std::string& digits)
{
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i == 3)
            out += ' ';
        out += "\xD9";
        out += static_cast<char>(0xA0 + (digits[i] - '0'));
    }
    return out;
}

} // namespace

class TwoFactorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TwoFactorTest);
    CPPUNIT_TEST(testEnrolmentEnablesOnlyWithARightCode);
    CPPUNIT_TEST(testRightPasswordMakesNoSessionBeforeTheCode);
    CPPUNIT_TEST(testRightCodeSignsIn);
    CPPUNIT_TEST(testReplayedStepIsRefused);
    CPPUNIT_TEST(testRecoveryCodeWorksOnce);
    CPPUNIT_TEST(testFiveWrongCodesEndTheChallengeAndCountTowardLockout);
    CPPUNIT_TEST(testExpiredChallengeIsRefused);
    CPPUNIT_TEST(testAccountWithoutTwoFactorSignsInAsBefore);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _f = std::make_unique<molar::test::AccountsFixture>();
        _sessions = std::make_unique<SessionStore>(_f->database(), _f->clock, std::chrono::hours(24 * 7));
        _service = std::make_unique<SignInService>(_f->database(), _f->clock, *_sessions, _f->hasher,
                                                   *_f->audit, SignInSettings{});
        _userId = _f->createUser("lina@pearl.example", "linahaddad", kPassword);
    }

    void tearDown() override
    {
        _service.reset();
        _sessions.reset();
        _f.reset();
    }

    void testEnrolmentEnablesOnlyWithARightCode()
    {
        std::string secret;
        _f->database().transaction(
            [&](molar::sdk::Transaction& tx) { secret = _store.begin(tx, _userId, _f->nowMs()); });
        CPPUNIT_ASSERT(!_store.isEnabled(_f->database(), _userId));
        const std::string right = codeNow(secret);
        const std::string wrong = right == "000000" ? "000001" : "000000";
        std::optional<std::vector<std::string>> codes;
        _f->database().transaction(
            [&](molar::sdk::Transaction& tx) { codes = _store.confirm(tx, _userId, wrong, _f->nowMs()); });
        CPPUNIT_ASSERT(!codes);
        CPPUNIT_ASSERT(!_store.isEnabled(_f->database(), _userId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_recovery_codes"));
        // A pending secret does not stop the password alone from signing in.
        ASSERT_OUTCOME("SignedIn", _service->signIn("linahaddad", kPassword, kAddress).outcome);

        _f->database().transaction(
            [&](molar::sdk::Transaction& tx) { codes = _store.confirm(tx, _userId, right, _f->nowMs()); });
        CPPUNIT_ASSERT(codes);
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), codes->size());
        CPPUNIT_ASSERT(_store.isEnabled(_f->database(), _userId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), _f->count("molar_recovery_codes"));
        // Only digests are stored.
        auto stored = _f->database().query("SELECT digest FROM molar_recovery_codes WHERE digest = ?",
                                           {molar::host::RecoveryCodes::digest(codes->front())});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), stored.size());
        CPPUNIT_ASSERT(_f->database()
                           .query("SELECT 1 FROM molar_recovery_codes WHERE digest = ?", {codes->front()})
                           .empty());
    }

    void testRightPasswordMakesNoSessionBeforeTheCode()
    {
        enable();
        auto result = _service->signIn("lina@pearl.example", kPassword, kAddress);
        ASSERT_OUTCOME("SecondFactor", result.outcome);
        CPPUNIT_ASSERT(result.sessionToken.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), result.challengeToken.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));
        // The table keeps the token's SHA-256, not the token.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             _f->database()
                                 .query("SELECT 1 FROM molar_sign_in_challenges WHERE token_hash = ?",
                                        {SessionStore::digest(result.challengeToken)})
                                 .size());
        CPPUNIT_ASSERT(_service->hasChallenge(result.challengeToken));
        // A wrong password still answers Invalid, with no challenge.
        auto wrong = _service->signIn("lina@pearl.example", kPassword + "!", kAddress);
        ASSERT_OUTCOME("Invalid", wrong.outcome);
        CPPUNIT_ASSERT(wrong.challengeToken.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_sign_in_challenges"));
    }

    void testRightCodeSignsIn()
    {
        const std::string secret = enable();
        _f->clock.advance(seconds(30));
        auto challenge = _service->signIn("linahaddad", kPassword, kAddress);
        auto result = _service->verifySecondFactor(challenge.challengeToken, codeNow(secret), kAddress);
        ASSERT_OUTCOME("SignedIn", result.outcome);
        CPPUNIT_ASSERT_EQUAL(_userId, _sessions->resolve(result.sessionToken).value_or(0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sign_in_challenges"));
        CPPUNIT_ASSERT(!_service->hasChallenge(challenge.challengeToken));
        auto audit = _f->database().query("SELECT detail FROM molar_audit WHERE action = 'sign_in'");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), audit.size());
        CPPUNIT_ASSERT_EQUAL(std::string("two-factor"), audit.row(0).at(0).asString());

        // Arabic-Indic digits with a space, in the next step.
        _f->clock.advance(seconds(30));
        auto again = _service->signIn("linahaddad", kPassword, kAddress);
        auto arabic =
            _service->verifySecondFactor(again.challengeToken, arabicIndic(codeNow(secret)), kAddress);
        ASSERT_OUTCOME("SignedIn", arabic.outcome);
    }

    void testReplayedStepIsRefused()
    {
        const std::string secret = enable();
        _f->clock.advance(seconds(30));
        const std::string code = codeNow(secret);
        auto first = _service->signIn("linahaddad", kPassword, kAddress);
        ASSERT_OUTCOME("SignedIn",
                       _service->verifySecondFactor(first.challengeToken, code, kAddress).outcome);
        auto second = _service->signIn("linahaddad", kPassword, kAddress);
        auto replay = _service->verifySecondFactor(second.challengeToken, code, kAddress);
        ASSERT_OUTCOME("Invalid", replay.outcome);
        CPPUNIT_ASSERT(replay.sessionToken.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("molar_sessions"));
        // The code of the enrolment's own step is used up too.
        _f->clock.advance(seconds(-30));
        ASSERT_OUTCOME(
            "Invalid",
            _service->verifySecondFactor(second.challengeToken, codeNow(secret), kAddress).outcome);
    }

    void testRecoveryCodeWorksOnce()
    {
        std::vector<std::string> codes;
        enable(&codes);
        auto first = _service->signIn("linahaddad", kPassword, kAddress);
        // As people type it: upper case, spaces instead of dashes.
        std::string typed = codes[3];
        for (auto& c : typed)
            c = c == '-' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        auto result = _service->verifySecondFactor(first.challengeToken, typed, kAddress);
        ASSERT_OUTCOME("SignedIn", result.outcome);
        CPPUNIT_ASSERT(_sessions->resolve(result.sessionToken));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->database()
                                 .query("SELECT COUNT(*) FROM molar_recovery_codes WHERE used_at IS NOT NULL")
                                 .row(0)
                                 .at(0)
                                 .asInt());
        auto second = _service->signIn("linahaddad", kPassword, kAddress);
        ASSERT_OUTCOME("Invalid",
                       _service->verifySecondFactor(second.challengeToken, codes[3], kAddress).outcome);
        ASSERT_OUTCOME("SignedIn",
                       _service->verifySecondFactor(second.challengeToken, codes[4], kAddress).outcome);
        auto state = _store.state(_f->database(), _userId);
        CPPUNIT_ASSERT_EQUAL(8, state->recoveryCodesLeft);
    }

    void testFiveWrongCodesEndTheChallengeAndCountTowardLockout()
    {
        const std::string secret = enable();
        _f->clock.advance(seconds(30));
        const std::string right = codeNow(secret);
        const std::string wrong = right == "123456" ? "654321" : "123456";
        for (int round = 1; round <= 3; ++round) {
            auto challenge = _service->signIn("linahaddad", kPassword, kAddress);
            ASSERT_OUTCOME("SecondFactor", challenge.outcome);
            for (int i = 1; i <= 4; ++i)
                ASSERT_OUTCOME(
                    "Invalid",
                    _service->verifySecondFactor(challenge.challengeToken, wrong, kAddress).outcome);
            auto fifth = _service->verifySecondFactor(challenge.challengeToken, wrong, kAddress);
            // The third ended challenge is the third failure in a row: the account locks.
            ASSERT_OUTCOME(round < 3 ? "Expired" : "Locked", fifth.outcome);
            CPPUNIT_ASSERT(!_service->hasChallenge(challenge.challengeToken));
            // The right code no longer helps this challenge.
            ASSERT_OUTCOME("Expired",
                           _service->verifySecondFactor(challenge.challengeToken, right, kAddress).outcome);
            if (round < 3)
                CPPUNIT_ASSERT_EQUAL(
                    std::int64_t(round),
                    _f->database()
                        .query("SELECT failures FROM molar_sign_in_failures WHERE login_key = ?",
                               {"user:" + std::to_string(_userId)})
                        .row(0)
                        .at(0)
                        .asInt());
        }
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));
        ASSERT_OUTCOME("Locked", _service->signIn("linahaddad", kPassword, kAddress).outcome);
        auto failed = _f->database().query("SELECT COUNT(*) FROM molar_audit WHERE action = ?",
                                           {"sign_in.second_factor_failed"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(15), failed.row(0).at(0).asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->database()
                                                  .query("SELECT COUNT(*) FROM molar_audit WHERE action = ?",
                                                         {"sign_in.locked"})
                                                  .row(0)
                                                  .at(0)
                                                  .asInt());
    }

    void testExpiredChallengeIsRefused()
    {
        const std::string secret = enable();
        auto challenge = _service->signIn("linahaddad", kPassword, kAddress);
        _f->clock.advance(minutes(5) + seconds(1));
        CPPUNIT_ASSERT(!_service->hasChallenge(challenge.challengeToken));
        auto late = _service->verifySecondFactor(challenge.challengeToken, codeNow(secret), kAddress);
        ASSERT_OUTCOME("Expired", late.outcome);
        CPPUNIT_ASSERT(late.sessionToken.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_sessions"));
        // An unknown token is no better.
        ASSERT_OUTCOME("Expired",
                       _service->verifySecondFactor(std::string(64, 'a'), codeNow(secret), kAddress).outcome);
    }

    void testAccountWithoutTwoFactorSignsInAsBefore()
    {
        enable();
        std::int64_t other = _f->createUser("karim@pearl.example", "karimnasser", kPassword);
        auto result = _service->signIn("karimnasser", kPassword, kAddress);
        ASSERT_OUTCOME("SignedIn", result.outcome);
        CPPUNIT_ASSERT_EQUAL(other, _sessions->resolve(result.sessionToken).value_or(0));
        // Turned off, the password alone signs in again.
        _f->database().transaction([&](molar::sdk::Transaction& tx) { _store.disable(tx, _userId); });
        ASSERT_OUTCOME("SignedIn", _service->signIn("linahaddad", kPassword, kAddress).outcome);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("molar_recovery_codes"));
    }

private:
    std::string codeNow(const std::string& secret) { return Totp::code(secret, _f->nowMs() / 1000); }

    // Sets up and confirms two-factor sign-in for Lina; returns the secret.
    std::string enable(std::vector<std::string>* codesOut = nullptr)
    {
        std::string secret;
        _f->database().transaction([&](molar::sdk::Transaction& tx) {
            secret = _store.begin(tx, _userId, _f->nowMs());
            auto codes = _store.confirm(tx, _userId, codeNow(secret), _f->nowMs());
            CPPUNIT_ASSERT(codes);
            if (codesOut)
                *codesOut = *codes;
        });
        return secret;
    }

    std::unique_ptr<molar::test::AccountsFixture> _f;
    std::unique_ptr<SessionStore> _sessions;
    std::unique_ptr<SignInService> _service;
    TwoFactorStore _store;
    std::int64_t _userId = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TwoFactorTest);

namespace {

using Form = std::vector<std::pair<std::string, std::string>>;

struct Answer
{
    int status = 0;
    std::string location;
    std::string body;
};

// A browser that keeps its cookies.
class Browser
{
public:
    explicit Browser(molar::host::Portal& portal) : _portal(portal) {}

    Answer get(const std::string& path) { return request("GET", path, ""); }
    Answer post(const std::string& path, Form form)
    {
        // The token the pages carry: bound to the session once signed in.
        const std::string session = _cookies["molar_session"];
        form.emplace_back("_csrf", session.empty() ? _cookies["molar_csrf"]
                                                   : molar::host::sha256Hex("molar-csrf\n" + session));
        std::string body;
        for (const auto& [key, value] : form) {
            std::string encoded;
            Poco::URI::encode(value, "&=+%;/?#", encoded);
            body += (body.empty() ? "" : "&") + key + "=" + encoded;
        }
        return request("POST", path, body);
    }
    Answer signIn(const std::string& login, const std::string& password)
    {
        get("/sign-in");
        return post("/sign-in", {{"login", login}, {"password", password}});
    }
    std::string cookie(const std::string& key) const
    {
        auto found = _cookies.find(key);
        return found == _cookies.end() ? std::string() : found->second;
    }

private:
    Answer request(const std::string& method, const std::string& path, const std::string& body)
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_portal.port()));
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Accept", "text/html");
        Poco::Net::NameValueCollection cookies;
        for (const auto& [key, value] : _cookies)
            cookies.add(key, value);
        if (!_cookies.empty())
            req.setCookies(cookies);
        if (method == "POST") {
            req.setContentType("application/x-www-form-urlencoded");
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Answer answer;
        answer.status = static_cast<int>(response.getStatus());
        answer.location = response.get("Location", "");
        Poco::StreamCopier::copyToString(in, answer.body);
        std::vector<Poco::Net::HTTPCookie> set;
        response.getCookies(set);
        for (const auto& c : set) {
            if (c.getValue().empty() || c.getMaxAge() == 0)
                _cookies.erase(c.getName());
            else
                _cookies[c.getName()] = c.getValue();
        }
        return answer;
    }

    molar::host::Portal& _portal;
    std::map<std::string, std::string> _cookies;
};

} // namespace

// The pages over real HTTP, with accounts.requireTwoFactorForLab on.
class TwoFactorHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TwoFactorHttpTest);
    CPPUNIT_TEST(testGateSendsALabUserWithoutTwoFactorToSetUp);
    CPPUNIT_TEST(testSignInAsksForTheCodeBeforeTheSession);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        _plugins = std::make_unique<molar::test::TempDir>();
        _config = std::make_unique<molar::host::ConfigStore>();
        _config->addDirectory(std::string(molar::host::defaultDataDir()) + "/config");
        _config->set("http.port", "0");
        _config->set("db.url", _db->url());
        _config->set("plugins.path", _plugins->path());
        _config->set("logging.accessLog", "false");
        _config->set("jobs.workers", "1");
        _config->set("accounts.requireTwoFactorForLab", "true");
        _portal = std::make_unique<molar::host::Portal>(*_config, molar::host::defaultDataDir(), _clock);
        _portal->configure();
        _portal->openDatabase();
        molar::host::seedDemoAccounts(_portal->database(), _clock, _portal->passwordHasher(),
                                      _portal->audit());
        _portal->start();
    }

    void tearDown() override
    {
        _portal.reset();
        _config.reset();
        _plugins.reset();
        _db.reset();
    }

    void testGateSendsALabUserWithoutTwoFactorToSetUp()
    {
        Browser tech(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, tech.signIn("tech@lab.example", "demo technician").status);
        for (const std::string path : {"/", "/account/profile", "/no/such/page"}) {
            Answer answer = tech.get(path);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 303, answer.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("/account/two-factor"), answer.location);
        }
        Answer page = tech.get("/account/two-factor");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("Set up two-factor sign-in", page.body);
        CPPUNIT_ASSERT_EQUAL(200, tech.get("/static/css/molar.css").status);
        // The routes that declare themselves exempt: the probes, and the password page is not one.
        CPPUNIT_ASSERT_EQUAL(200, tech.get("/healthz").status);
        CPPUNIT_ASSERT_EQUAL(200, tech.get("/readyz").status);
        CPPUNIT_ASSERT_EQUAL(std::string("/account/two-factor"), tech.get("/account/password").location);

        // A clinic user is not concerned.
        Browser dentist(*_portal);
        dentist.signIn("dentist@pearl.example", "demo pearl dentist");
        CPPUNIT_ASSERT_EQUAL(200, dentist.get("/").status);

        // Set up with a right code, the lab user goes on.
        CPPUNIT_ASSERT_EQUAL(303, tech.post("/account/two-factor/setup", {}).status);
        Answer pending = tech.get("/account/two-factor");
        MOLAR_ASSERT_CONTAINS("otpauth://totp/", pending.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"code\">Authentication code</label>", pending.body);
        const std::string secret = secretOf("tech@lab.example");
        Answer wrong = tech.post("/account/two-factor/confirm", {{"code", "12345"}});
        CPPUNIT_ASSERT_EQUAL(422, wrong.status);
        MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\" aria-describedby=\"code-error\"", wrong.body);
        CPPUNIT_ASSERT_EQUAL(303, tech.get("/").status);
        Answer on = tech.post("/account/two-factor/confirm", {{"code", Totp::code(secret, nowSeconds())}});
        CPPUNIT_ASSERT_EQUAL(200, on.status);
        MOLAR_ASSERT_CONTAINS("Your recovery codes", on.body);
        CPPUNIT_ASSERT_EQUAL(200, tech.get("/").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _portal->database()
                                                  .query("SELECT COUNT(*) FROM molar_audit WHERE action = ?",
                                                         {"two_factor.enabled"})
                                                  .row(0)
                                                  .at(0)
                                                  .asInt());
        // Signing out stays open to a gated user.
        Browser other(*_portal);
        other.signIn("admin@lab.example", "demo lab admin");
        CPPUNIT_ASSERT_EQUAL(303, other.post("/sign-out", {}).status);
        CPPUNIT_ASSERT(other.cookie("molar_session").empty());
    }

    void testSignInAsksForTheCodeBeforeTheSession()
    {
        Browser owner(*_portal);
        owner.signIn("owner@pearl.example", "demo pearl owner");
        owner.post("/account/two-factor/setup", {});
        const std::string secret = secretOf("owner@pearl.example");
        CPPUNIT_ASSERT_EQUAL(
            200,
            owner.post("/account/two-factor/confirm", {{"code", Totp::code(secret, nowSeconds())}}).status);

        Browser laptop(*_portal);
        Answer password = laptop.signIn("pearlowner", "demo pearl owner");
        CPPUNIT_ASSERT_EQUAL(303, password.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/sign-in/verify"), password.location);
        CPPUNIT_ASSERT(laptop.cookie("molar_session").empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), laptop.cookie("molar_challenge").size());
        Answer form = laptop.get("/sign-in/verify");
        CPPUNIT_ASSERT_EQUAL(200, form.status);
        MOLAR_ASSERT_CONTAINS("<label for=\"code\">Authentication code</label>", form.body);
        Answer wrong = laptop.post("/sign-in/verify", {{"code", "1234567"}});
        CPPUNIT_ASSERT_EQUAL(401, wrong.status);
        MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\"", wrong.body);
        Answer right = laptop.post("/sign-in/verify", {{"code", Totp::code(secret, nowSeconds() + 30)}});
        CPPUNIT_ASSERT_EQUAL(303, right.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), right.location);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), laptop.cookie("molar_session").size());
        CPPUNIT_ASSERT(laptop.cookie("molar_challenge").empty());
        MOLAR_ASSERT_CONTAINS("<span translate=\"no\">Layla Haddad</span>", laptop.get("/").body);
        // Without a challenge, the code page sends back to the password.
        Browser stranger(*_portal);
        CPPUNIT_ASSERT_EQUAL(std::string("/sign-in"), stranger.get("/sign-in/verify").location);
    }

private:
    std::int64_t nowSeconds() const { return molar::host::millisSinceEpoch(_clock.now()) / 1000; }

    std::string secretOf(const std::string& email)
    {
        return _portal->database()
            .query("SELECT t.secret FROM molar_two_factor t JOIN molar_users u ON u.id = t.user_id WHERE "
                   "u.email = ?",
                   {email})
            .row(0)
            .at(0)
            .asString();
    }

    molar::host::ManualClock _clock;
    std::unique_ptr<molar::test::TestDatabase> _db;
    std::unique_ptr<molar::test::TempDir> _plugins;
    std::unique_ptr<molar::host::ConfigStore> _config;
    std::unique_ptr<molar::host::Portal> _portal;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TwoFactorHttpTest);
