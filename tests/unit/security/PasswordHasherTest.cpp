// PasswordHasher: argon2id PHC strings, verification, and spotting hashes made with an older cost.
#include "accounts/security/PasswordHasher.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::host::PasswordHasher;

namespace {

// The smallest cost argon2 allows keeps the suite fast; one test uses the real default.
PasswordHasher::Cost cheap()
{
    PasswordHasher::Cost cost;
    cost.timeCost = 1;
    cost.memoryKiB = 64;
    return cost;
}

} // namespace

class PasswordHasherTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PasswordHasherTest);
    CPPUNIT_TEST(testDefaultCostRoundTrip);
    CPPUNIT_TEST(testWrongPasswordIsRefused);
    CPPUNIT_TEST(testEachHashHasItsOwnSalt);
    CPPUNIT_TEST(testMalformedEncodingIsRefused);
    CPPUNIT_TEST(testNeedsRehashAfterCostChange);
    CPPUNIT_TEST(testVerifyUsesStoredCost);
    CPPUNIT_TEST(testLongAndUnicodePasswords);
    CPPUNIT_TEST(testBadCostThrows);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultCostRoundTrip()
    {
        const PasswordHasher hasher;
        const std::string encoded = hasher.hash("correct horse battery staple");
        CPPUNIT_ASSERT_EQUAL(std::string("$argon2id$v=19$m=19456,t=2,p=1$"), encoded.substr(0, 31));
        CPPUNIT_ASSERT(hasher.verify("correct horse battery staple", encoded));
        CPPUNIT_ASSERT(!hasher.needsRehash(encoded));
    }

    void testWrongPasswordIsRefused()
    {
        const PasswordHasher hasher(cheap());
        const std::string encoded = hasher.hash("correct horse battery staple");
        CPPUNIT_ASSERT(!hasher.verify("correct horse battery stapl", encoded));
        CPPUNIT_ASSERT(!hasher.verify("Correct horse battery staple", encoded));
        CPPUNIT_ASSERT(!hasher.verify("", encoded));
    }

    void testEachHashHasItsOwnSalt()
    {
        const PasswordHasher hasher(cheap());
        const std::string a = hasher.hash("same password");
        const std::string b = hasher.hash("same password");
        CPPUNIT_ASSERT(a != b);
        CPPUNIT_ASSERT(hasher.verify("same password", a));
        CPPUNIT_ASSERT(hasher.verify("same password", b));
    }

    void testMalformedEncodingIsRefused()
    {
        const PasswordHasher hasher(cheap());
        const std::string good = hasher.hash("pw");
        const std::string tail = good.substr(good.find(",p=1$") + 4); // "$salt$hash"
        const std::string bad[] = {
            "",
            "not a hash",
            "$argon2id$",
            "$argon2i$v=19$m=64,t=1,p=1" + tail,   // another variant
            "$argon2id$v=16$m=64,t=1,p=1" + tail,  // another version
            "$argon2id$v=19$m=64,t=1" + tail,      // a parameter missing
            "$argon2id$v=19$m=064,t=1,p=1" + tail, // not canonical
            "$argon2id$v=19$m=99999999999,t=1,p=1" + tail,
            "$argon2id$v=19$m=8388608,t=1,p=1" + tail, // 8 GiB: refused, not allocated
            good.substr(0, good.size() - 1),           // truncated hash
            good.substr(0, good.rfind('$')),           // no hash
            good + "$",
            good + std::string(1, '\0'),
            "$2y$10$abcdefghijklmnopqrstuu5TQ5hQjrFmfQW7gHDVwZ8ZBZ4cG0.Da", // bcrypt
        };
        for (const std::string& encoded : bad)
            CPPUNIT_ASSERT_MESSAGE(encoded, !hasher.verify("pw", encoded));
        CPPUNIT_ASSERT(hasher.verify("pw", good));
        // A hash from another scheme is replaced at the next sign-in that can verify it.
        CPPUNIT_ASSERT(hasher.needsRehash("$argon2i$v=19$m=64,t=1,p=1" + tail));
        CPPUNIT_ASSERT(hasher.needsRehash("$argon2id$v=16$m=64,t=1,p=1" + tail));
        CPPUNIT_ASSERT(hasher.needsRehash("$2y$10$abcdefghijklmnopqrstuu5TQ5hQjrFmfQW7gHDVwZ8ZBZ4cG0.Da"));
    }

    void testNeedsRehashAfterCostChange()
    {
        const std::string old = PasswordHasher(cheap()).hash("pw");
        CPPUNIT_ASSERT(!PasswordHasher(cheap()).needsRehash(old));

        PasswordHasher::Cost moreTime = cheap();
        moreTime.timeCost = 2;
        PasswordHasher::Cost moreMemory = cheap();
        moreMemory.memoryKiB = 128;
        PasswordHasher::Cost moreLanes = cheap();
        moreLanes.parallelism = 2;
        for (const auto& cost : {moreTime, moreMemory, moreLanes}) {
            const PasswordHasher raised(cost);
            CPPUNIT_ASSERT(raised.needsRehash(old));
            CPPUNIT_ASSERT(!raised.needsRehash(raised.hash("pw")));
        }
    }

    void testVerifyUsesStoredCost()
    {
        // A hash made before a cost change still verifies, so users can sign in and be rehashed.
        const std::string old = PasswordHasher(cheap()).hash("pw");
        PasswordHasher::Cost raised = cheap();
        raised.timeCost = 3;
        raised.memoryKiB = 256;
        CPPUNIT_ASSERT(PasswordHasher(raised).verify("pw", old));
    }

    void testLongAndUnicodePasswords()
    {
        const PasswordHasher hasher(cheap());
        const std::string longest(1024, 'x');
        CPPUNIT_ASSERT(hasher.verify(longest, hasher.hash(longest)));
        CPPUNIT_ASSERT_THROW(hasher.hash(longest + "x"), std::invalid_argument);
        CPPUNIT_ASSERT(!hasher.verify(longest + "x", hasher.hash(longest)));

        const std::string arabic = "كلمة سر طويلة جدا 🦷";
        const std::string encoded = hasher.hash(arabic);
        CPPUNIT_ASSERT(hasher.verify(arabic, encoded));
        CPPUNIT_ASSERT(!hasher.verify("كلمة سر طويلة جدا", encoded));
        // Bytes after a NUL count: nothing is cut at the first zero byte.
        const std::string withNul("ab\0cd", 5);
        CPPUNIT_ASSERT(!hasher.verify("ab", hasher.hash(withNul)));
    }

    void testBadCostThrows()
    {
        PasswordHasher::Cost noTime;
        noTime.timeCost = 0;
        PasswordHasher::Cost noLanes;
        noLanes.parallelism = 0;
        PasswordHasher::Cost tooLittleMemory;
        tooLittleMemory.memoryKiB = 4;
        CPPUNIT_ASSERT_THROW(PasswordHasher{noTime}, std::invalid_argument);
        CPPUNIT_ASSERT_THROW(PasswordHasher{noLanes}, std::invalid_argument);
        CPPUNIT_ASSERT_THROW(PasswordHasher{tooLittleMemory}, std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordHasherTest);
