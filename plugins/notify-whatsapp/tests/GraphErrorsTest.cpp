// Graph API error bodies, each code read as permanent or temporary with its reason.
#include "GraphErrors.h"
#include "FakeGraphApi.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::whatsapp;
using molar::whatsapp::test::FakeGraphApi;

namespace {

GraphFailure classify(long long code, const std::string& message = "message", const std::string& details = "")
{
    return classifyGraphFailure(code == 190 ? 401 : 400, FakeGraphApi::errorBody(code, message, details));
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class GraphErrorsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GraphErrorsTest);
    CPPUNIT_TEST(testPermanentCodes);
    CPPUNIT_TEST(testTemporaryCodes);
    CPPUNIT_TEST(testUnknownCodeIn4xxIsPermanent);
    CPPUNIT_TEST(testServerErrorsAreTemporary);
    CPPUNIT_TEST(testReason);
    CPPUNIT_TEST(testAuthTellsToRenewTheToken);
    CPPUNIT_TEST(testBodyWithoutGraphShape);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPermanentCodes()
    {
        for (long long code : {100LL, 131026LL, 131030LL, 131047LL, 132001LL, 368LL}) {
            GraphFailure f = classify(code);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), f.permanent);
            CPPUNIT_ASSERT_EQUAL(code, f.code);
        }
    }

    void testTemporaryCodes()
    {
        for (long long code : {0LL, 190LL, 4LL, 80007LL, 130429LL, 131048LL, 131056LL})
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), !classify(code).permanent);
    }

    void testUnknownCodeIn4xxIsPermanent() { CPPUNIT_ASSERT(classify(135000).permanent); }

    void testServerErrorsAreTemporary()
    {
        // Even a code that is permanent in a 4xx: a 5xx says the server failed.
        CPPUNIT_ASSERT(!classifyGraphFailure(500, FakeGraphApi::errorBody(100, "x", "")).permanent);
        CPPUNIT_ASSERT(!classifyGraphFailure(503, FakeGraphApi::errorBody(131026, "x", "")).permanent);
        CPPUNIT_ASSERT(!classifyGraphFailure(429, FakeGraphApi::errorBody(100, "x", "")).permanent);
    }

    void testReason()
    {
        GraphFailure f =
            classify(131026, "Message undeliverable",
                     "Unable to deliver message. Reasons can include: the recipient phone number is "
                     "not a WhatsApp phone number.");
        CPPUNIT_ASSERT(
            contains(f.reason, "WhatsApp error 131026: Message undeliverable (Unable to deliver message."));
        CPPUNIT_ASSERT(contains(f.reason, "use another channel"));
        GraphFailure same = classify(100, "Invalid parameter", "Invalid parameter");
        CPPUNIT_ASSERT(contains(same.reason, "WhatsApp error 100: Invalid parameter"));
        CPPUNIT_ASSERT(!contains(same.reason, "(Invalid parameter)"));
    }

    void testAuthTellsToRenewTheToken()
    {
        GraphFailure f = classify(190, "Error validating access token: Session has expired");
        CPPUNIT_ASSERT(!f.permanent);
        CPPUNIT_ASSERT(contains(f.reason, "WhatsApp error 190: Error validating access token"));
        CPPUNIT_ASSERT(contains(f.reason, "renew"));
        CPPUNIT_ASSERT(contains(classify(0, "(#0) AuthException").reason, "renew"));
    }

    void testBodyWithoutGraphShape()
    {
        GraphFailure gateway = classifyGraphFailure(502, "<html>Bad Gateway</html>");
        CPPUNIT_ASSERT(!gateway.permanent);
        CPPUNIT_ASSERT(contains(gateway.reason, "HTTP 502"));
        CPPUNIT_ASSERT(classifyGraphFailure(404, "not found").permanent);
        CPPUNIT_ASSERT(!classifyGraphFailure(429, "slow down").permanent);
        CPPUNIT_ASSERT(!classifyGraphFailure(408, "").permanent);
        CPPUNIT_ASSERT(classifyGraphFailure(400, "[1,2]").permanent);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphErrorsTest);
