// Checkout's and the webhooks' signatures: what Razorpay (and its official Node package)
// computes is accepted, anything altered, missing or signed with another secret is not.
#include "Signatures.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::payrazorpay;

namespace {

const std::string keySecret = "rzp_secret_molar";
const std::string orderId = "order_IluGWxBm9U8zJ8";
const std::string paymentId = "pay_IH4NVgf4Dreq1l";
// node -e 'crypto.createHmac("sha256", keySecret).update(orderId + "|" + paymentId).digest("hex")'
const std::string nodeSignature = "b76c74887d5e154f80274216eeef6b6bcdf9d5c708e11d8210d238c48800126a";

const std::string body = R"({"entity":"event","event":"payment.captured","created_at":1767225600})";

std::string upper(std::string text)
{
    for (auto& c : text)
        if (c >= 'a' && c <= 'f')
            c = static_cast<char>(c - 'a' + 'A');
    return text;
}

} // namespace

class SignaturesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignaturesTest);
    CPPUNIT_TEST(testHmacIsHmacSha256);
    CPPUNIT_TEST(testCheckoutSignatureAsRazorpayMakesIt);
    CPPUNIT_TEST(testAlteredCheckoutSignaturesAreRefused);
    CPPUNIT_TEST(testWebhookSignature);
    CPPUNIT_TEST(testWebhookSecondSecret);
    CPPUNIT_TEST(testMissingOrMalformedSignatures);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHmacIsHmacSha256()
    {
        // RFC 4231-style known answer (the "quick brown fox" vector).
        CPPUNIT_ASSERT_EQUAL(std::string("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"),
                             hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"));
    }

    void testCheckoutSignatureAsRazorpayMakesIt()
    {
        CPPUNIT_ASSERT_EQUAL(nodeSignature, hmacSha256Hex(keySecret, orderId + "|" + paymentId));
        CPPUNIT_ASSERT(checkoutSignatureValid(keySecret, orderId, paymentId, nodeSignature));
        // Hex stands for bytes: its case does not matter.
        CPPUNIT_ASSERT(checkoutSignatureValid(keySecret, orderId, paymentId, upper(nodeSignature)));
    }

    void testAlteredCheckoutSignaturesAreRefused()
    {
        std::string altered = nodeSignature;
        altered[10] = altered[10] == '0' ? '1' : '0';
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId, altered));
        // Another order's payment, the same signature: the stored order id decides.
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, "order_OtherOrder0001", paymentId, nodeSignature));
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, "pay_OtherPayment01", nodeSignature));
        // Signed with another key secret, or with the fields the other way round.
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId,
                                               hmacSha256Hex("rzp_other_secret", orderId + "|" + paymentId)));
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId,
                                               hmacSha256Hex(keySecret, paymentId + "|" + orderId)));
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId, nodeSignature.substr(0, 62)));
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId, nodeSignature + "00"));
    }

    void testWebhookSignature()
    {
        const std::string signature = hmacSha256Hex("whsec-first", body);
        CPPUNIT_ASSERT(webhookSignatureValid({"whsec-first"}, body, signature));
        CPPUNIT_ASSERT(!webhookSignatureValid({"whsec-first"}, body + " ", signature));
        CPPUNIT_ASSERT(
            !webhookSignatureValid({"whsec-first"}, body, hmacSha256Hex("whsec-first", body + "\n")));
        CPPUNIT_ASSERT(!webhookSignatureValid({"whsec-other"}, body, signature));
        // The key secret does not sign webhooks.
        CPPUNIT_ASSERT(!webhookSignatureValid({keySecret}, body, signature));
    }

    void testWebhookSecondSecret()
    {
        // While rotating, an event retried after the change keeps the old signature and
        // a new one carries the new: both are taken while both are configured.
        const std::vector<std::string> both{"whsec-new", "whsec-old"};
        CPPUNIT_ASSERT(webhookSignatureValid(both, body, hmacSha256Hex("whsec-old", body)));
        CPPUNIT_ASSERT(webhookSignatureValid(both, body, hmacSha256Hex("whsec-new", body)));
        CPPUNIT_ASSERT(!webhookSignatureValid({"whsec-new"}, body, hmacSha256Hex("whsec-old", body)));
        CPPUNIT_ASSERT(!webhookSignatureValid(both, body, hmacSha256Hex("whsec-third", body)));
    }

    void testMissingOrMalformedSignatures()
    {
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId, ""));
        CPPUNIT_ASSERT(
            !checkoutSignatureValid(keySecret, "", paymentId, hmacSha256Hex(keySecret, "|" + paymentId)));
        CPPUNIT_ASSERT(
            !checkoutSignatureValid("", orderId, paymentId, hmacSha256Hex("", orderId + "|" + paymentId)));
        CPPUNIT_ASSERT(!checkoutSignatureValid(keySecret, orderId, paymentId, std::string(64, 'z')));
        CPPUNIT_ASSERT(!webhookSignatureValid({"whsec-first"}, body, ""));
        CPPUNIT_ASSERT(!webhookSignatureValid({}, body, hmacSha256Hex("", body)));
        CPPUNIT_ASSERT(!webhookSignatureValid({""}, body, hmacSha256Hex("", body)));
        CPPUNIT_ASSERT(!sameHexDigest("abc", "abc")); // odd length is no hex
        CPPUNIT_ASSERT(sameHexDigest("00ff", "00FF"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignaturesTest);
