// The host's rate limits in the database: fixed windows with Retry-After, buckets
// and keys counted apart, two hosts on one database sharing a count, concurrent
// hits never passing the limit, and ended windows purged.
#include "Assertions.h"
#include "TestDatabase.h"

#include "accounts/AddressThrottle.h"
#include "core/Clocks.h"
#include "db/DatabaseUrl.h"
#include "db/Migrator.h"
#include "security/RateCounter.h"
#include "security/SecurityMigrations.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using molar::host::RateCounter;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// 2026-11-22T20:00:00Z: the start of a minute, an hour and a quarter-hour.
constexpr std::int64_t kWindowMs = 1795377600000;

// One more host on the test's database: its own pool and counter.
struct OtherHost
{
    explicit OtherHost(const std::string& url) : pool(molar::host::DatabaseUrl::parse(url), 4), database(pool)
    {
    }
    molar::host::ConnectionPool pool;
    molar::host::PooledDatabase database;
};

} // namespace

class RateCounterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RateCounterTest);
    CPPUNIT_TEST(allowsTheLimitThenRefusesUntilTheWindowEnds);
    CPPUNIT_TEST(bucketsKeysAndWindowsCountApart);
    CPPUNIT_TEST(twoHostsShareOneCount);
    CPPUNIT_TEST(concurrentHitsFromTwoHostsNeverPassTheLimit);
    CPPUNIT_TEST(endedWindowsArePurged);
    CPPUNIT_TEST(longKeysAreHashedAndBadArgumentsRefused);
    CPPUNIT_TEST(eachPluginHasItsOwnBucketsSharedAcrossHosts);
    CPPUNIT_TEST(addressThrottlesCountInTheSharedTable);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _db = std::make_unique<molar::test::TestDatabase>();
        molar::host::Migrator migrator(_db->pool());
        migrator.apply("security", molar::host::securityMigrations(_db->dialect()));
    }
    void tearDown() override { _db.reset(); }

    void allowsTheLimitThenRefusesUntilTheWindowEnds()
    {
        RateCounter counter(_db->database());
        const std::int64_t now = kWindowMs + 15 * 1000; // 15 s into a minute
        for (int i = 1; i <= 3; ++i) {
            auto decision = counter.hit("tracker", "203.0.113.7", 3, minutes(1), now);
            CPPUNIT_ASSERT_MESSAGE("hit " + std::to_string(i), decision.allowed);
            CPPUNIT_ASSERT_EQUAL(std::int64_t(i), decision.count);
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), decision.retryAfterSeconds);
        }
        auto refused = counter.hit("tracker", "203.0.113.7", 3, minutes(1), now + 500);
        CPPUNIT_ASSERT(!refused.allowed);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), refused.count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45), refused.retryAfterSeconds); // 44.5 s, rounded up
        CPPUNIT_ASSERT(!counter.hit("tracker", "203.0.113.7", 3, minutes(1), kWindowMs + 59999).allowed);
        auto next = counter.hit("tracker", "203.0.113.7", 3, minutes(1), kWindowMs + 60000);
        CPPUNIT_ASSERT(next.allowed);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), next.count);
    }

    void bucketsKeysAndWindowsCountApart()
    {
        RateCounter counter(_db->database());
        CPPUNIT_ASSERT(counter.hit("a", "k", 1, minutes(1), kWindowMs).allowed);
        CPPUNIT_ASSERT(!counter.hit("a", "k", 1, minutes(1), kWindowMs).allowed);
        // A new row right after a counted one on the same connection starts at one (on
        // MySQL the count comes back as the insert id, which a new row does not set).
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), counter.hit("a", "k", 1, minutes(1), kWindowMs).count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), counter.hit("c", "k", 1, minutes(1), kWindowMs).count);
        CPPUNIT_ASSERT(counter.hit("b", "k", 1, minutes(1), kWindowMs).allowed);
        CPPUNIT_ASSERT(counter.hit("a", "other", 1, minutes(1), kWindowMs).allowed);
        CPPUNIT_ASSERT(counter.hit("a", "k", 1, minutes(15), kWindowMs).allowed);
    }

    void twoHostsShareOneCount()
    {
        OtherHost other(_db->url());
        RateCounter first(_db->database());
        RateCounter second(other.database);
        int allowed = 0;
        for (int i = 0; i < 10; ++i) {
            RateCounter& counter = i % 2 ? second : first;
            if (counter.hit("tracker", "198.51.100.1", 5, minutes(1), kWindowMs + i).allowed)
                ++allowed;
        }
        CPPUNIT_ASSERT_EQUAL(5, allowed);
        CPPUNIT_ASSERT(!second.hit("tracker", "198.51.100.1", 5, minutes(1), kWindowMs + 20).allowed);
        CPPUNIT_ASSERT(first.hit("tracker", "198.51.100.2", 5, minutes(1), kWindowMs + 20).allowed);
    }

    void concurrentHitsFromTwoHostsNeverPassTheLimit()
    {
        OtherHost other(_db->url());
        RateCounter first(_db->database());
        RateCounter second(other.database);
        const int limit = 40;
        const int threads = 8;
        const int hitsEach = 15; // 120 hits for 40 places
        std::atomic<int> allowed{0};
        std::atomic<int> errors{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                RateCounter& counter = t % 2 ? second : first;
                for (int i = 0; i < hitsEach; ++i) {
                    try {
                        if (counter.hit("login", "192.0.2.9", limit, minutes(15), kWindowMs + 1000).allowed)
                            ++allowed;
                    } catch (const std::exception&) {
                        ++errors;
                    }
                }
            });
        }
        for (auto& w : workers)
            w.join();
        CPPUNIT_ASSERT_EQUAL(0, errors.load());
        CPPUNIT_ASSERT_EQUAL(limit, allowed.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(threads * hitsEach),
                             _db->database()
                                 .query("SELECT hits FROM molar_rate_limits WHERE bucket = 'login'")
                                 .row(0)
                                 .at(0)
                                 .asInt());
    }

    void endedWindowsArePurged()
    {
        RateCounter counter(_db->database());
        counter.hit("a", "k", 5, minutes(1), kWindowMs);
        counter.hit("b", "k", 5, minutes(15), kWindowMs);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), rows());
        // Two minutes later the one-minute window has ended; the quarter-hour has not.
        counter.hit("c", "k", 5, minutes(1), kWindowMs + 2 * 60000);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), rows());
        CPPUNIT_ASSERT(_db->database().query("SELECT 1 FROM molar_rate_limits WHERE bucket = 'a'").empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), counter.purge(kWindowMs + 60 * 60000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), rows());
    }

    void longKeysAreHashedAndBadArgumentsRefused()
    {
        RateCounter counter(_db->database());
        const std::string longKey(300, 'x');
        CPPUNIT_ASSERT(counter.hit("a", longKey, 1, minutes(1), kWindowMs).allowed);
        CPPUNIT_ASSERT(!counter.hit("a", longKey, 1, minutes(1), kWindowMs).allowed);
        CPPUNIT_ASSERT(counter.hit("a", longKey + "y", 1, minutes(1), kWindowMs).allowed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(71), RateCounter::storedKey(longKey).size());
        CPPUNIT_ASSERT_THROW(counter.hit("", "k", 1, minutes(1), kWindowMs), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(counter.hit(std::string(101, 'b'), "k", 1, minutes(1), kWindowMs),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(counter.hit("a", "k", 0, minutes(1), kWindowMs), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(counter.hit("a", "k", 1, seconds(0), kWindowMs), std::invalid_argument);
    }

    void eachPluginHasItsOwnBucketsSharedAcrossHosts()
    {
        molar::host::ManualClock clock{
            std::chrono::system_clock::time_point{std::chrono::milliseconds(kWindowMs)}};
        molar::host::DatabaseRateLimiter cases(_db->database(), clock, "cases.");
        molar::host::DatabaseRateLimiter billing(_db->database(), clock, "billing.");
        CPPUNIT_ASSERT(cases.allow("lookup", "192.0.2.1", 1, minutes(1)).allowed);
        CPPUNIT_ASSERT(!cases.allow("lookup", "192.0.2.1", 1, minutes(1)).allowed);
        CPPUNIT_ASSERT(billing.allow("lookup", "192.0.2.1", 1, minutes(1)).allowed);
        CPPUNIT_ASSERT(
            !_db->database().query("SELECT 1 FROM molar_rate_limits WHERE bucket = 'cases.lookup'").empty());
        // The same plugin on another host sharing the database shares its count.
        OtherHost other(_db->url());
        molar::host::DatabaseRateLimiter casesElsewhere(other.database, clock, "cases.");
        CPPUNIT_ASSERT(!casesElsewhere.allow("lookup", "192.0.2.1", 1, minutes(1)).allowed);
        clock.advance(minutes(1));
        CPPUNIT_ASSERT(casesElsewhere.allow("lookup", "192.0.2.1", 1, minutes(1)).allowed);
        CPPUNIT_ASSERT(!cases.allow("lookup", "192.0.2.1", 1, minutes(1)).allowed);
        CPPUNIT_ASSERT_THROW(cases.allow(std::string(65, 'b'), "k", 1, minutes(1)), std::invalid_argument);
    }

    void addressThrottlesCountInTheSharedTable()
    {
        OtherHost other(_db->url());
        molar::host::AddressThrottle signIns(_db->database(), "", 2, minutes(15));
        molar::host::AddressThrottle registrations(other.database, "register:", 2, minutes(15));
        molar::host::AddressThrottle signInsElsewhere(other.database, "", 2, minutes(15));
        CPPUNIT_ASSERT(!signIns.overLimit("192.0.2.5", kWindowMs));
        CPPUNIT_ASSERT(!signInsElsewhere.overLimit("192.0.2.5", kWindowMs));
        CPPUNIT_ASSERT(signIns.overLimit("192.0.2.5", kWindowMs));
        CPPUNIT_ASSERT(!registrations.overLimit("192.0.2.5", kWindowMs));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(15 * 60 - 1),
                             signIns.hit("192.0.2.5", kWindowMs + 1000).retryAfterSeconds);
    }

private:
    std::int64_t rows()
    {
        return _db->database().query("SELECT COUNT(*) FROM molar_rate_limits").row(0).at(0).asInt();
    }

    std::unique_ptr<molar::test::TestDatabase> _db;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RateCounterTest);
