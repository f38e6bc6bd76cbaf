// The provider "bank" as the host meets it: offered with its capabilities, through the
// SDK's conformance checks that apply to an offline provider (a payment is "paid" by a
// transfer recorded against its reference), and refused at start-up with a bad IBAN.
#include "BankPortal.h"

#include "molar/sdk/testing/PaymentProviderConformance.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

class ProviderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProviderTest);
    CPPUNIT_TEST(testCapabilities);
    CPPUNIT_TEST(testPassesTheConformanceChecks);
    CPPUNIT_TEST(testABadIbanStopsStartUp);
    CPPUNIT_TEST(testNoWebhooks);
    CPPUNIT_TEST(testInstructionsInThePayersLanguage);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCapabilities()
    {
        BankPortal bank;
        auto capabilities = bank.portal().paymentProviders().capabilities();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), capabilities.size());
        const auto& c = capabilities.front();
        CPPUNIT_ASSERT_EQUAL(std::string("bank"), c.name);
        CPPUNIT_ASSERT(c.flow == sdk::PaymentFlow::Offline);
        CPPUNIT_ASSERT(!c.authorizeCapture && !c.savedMethods && !c.offSession && !c.refunds &&
                       !c.partialRefunds && !c.webhooks);
        CPPUNIT_ASSERT(c.currencies.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("pay-bank"), bank.portal().paymentProviders().owner("bank"));
    }

    void testPassesTheConformanceChecks()
    {
        BankPortal bank;
        auto provider = bank.portal().paymentProviders().find("bank");
        CPPUNIT_ASSERT(provider);
        sdk::testing::PaymentProviderConformanceOptions options;
        // The payer transfers the whole amount and the clerk records it: a receipt the
        // host's payment service took.
        options.payCheckout = [&](const sdk::PaymentRequest& request, const sdk::PaymentResult& checkout) {
            auto reference = bank.db().query("SELECT id FROM pay_bank_references WHERE reference = ?",
                                             {checkout.payerReference});
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), reference.size());
            bank.db().insert(
                "INSERT INTO pay_bank_receipts (reference_id, event_id, source, amount_minor, currency, "
                "value_date, note, recorded, created_at) VALUES (?, ?, 'manual', ?, ?, '2026-05-12', "
                "'conformance', 1, ?)",
                {reference.get(0, "id").asInt(), "conformance-" + request.idempotencyKey,
                 request.amount.minor, request.amount.currency, bank.nowMillis()});
        };
        std::vector<std::string> skipped;
        options.skipped = &skipped;
        std::string all;
        for (const auto& failure : sdk::testing::checkPaymentProvider(*provider, options))
            all += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE("conformance failures:" + all, all.empty());
        // Only what an offline provider without authorization, refunds or webhooks cannot be
        // asked is skipped, and losing an answer, which a provider without a gateway cannot.
        std::vector<std::string> checks;
        for (const auto& s : skipped)
            checks.push_back(s.substr(0, s.find(':')));
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"unknown outcomes", "authorize and capture",
                                                       "saved methods", "off-session authentication",
                                                       "refunds never exceed the capture", "webhooks"}),
                             checks);
    }

    void testABadIbanStopsStartUp()
    {
        // One digit wrong: the mod-97 check fails.
        for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
                 {"pay-bank.iban", "QA58 DOHB 0000 1234 5678 90AB CDEF H"}, {"pay-bank.bic", "DOHB-QA"}}) {
            std::string message;
            try {
                BankPortal bank({{key, value}});
            } catch (const std::exception& e) {
                message = e.what();
            }
            MOLAR_ASSERT_CONTAINS(key, message);
            MOLAR_ASSERT_CONTAINS(value, message);
            CPPUNIT_ASSERT_EQUAL(std::string::npos, message.find('\n'));
        }
    }

    void testNoWebhooks()
    {
        BankPortal bank;
        HttpBrowser bankServer(bank.portal());
        Answer answer = bankServer.postRaw("/payments/webhooks/bank", {{"event", "payment"}});
        CPPUNIT_ASSERT_EQUAL(404, answer.status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), bank.count("SELECT COUNT(*) AS n FROM molar_payment_events"));
    }

    void testInstructionsInThePayersLanguage()
    {
        BankPortal bank;
        auto provider = bank.portal().paymentProviders().find("bank");
        CPPUNIT_ASSERT(provider);
        sdk::PaymentRequest request;
        request.idempotencyKey = "pa_words";
        request.amount = {45050, "QAR"};
        request.reference = "INV-2026-000042";
        std::map<std::string, std::string> said;
        for (const char* language : {"", "en", "fr", "ar"}) {
            request.language = language;
            const sdk::PaymentResult checkout = provider->createCheckout(request);
            said[language] = checkout.instructions;
            // Every language names the amount, the IBAN and the same reference.
            MOLAR_ASSERT_CONTAINS("QAR 450.50", checkout.instructions);
            MOLAR_ASSERT_CONTAINS(checkout.payerReference, checkout.instructions);
            MOLAR_ASSERT_CONTAINS("IBAN", checkout.instructions);
            CPPUNIT_ASSERT(checkout.instructions.find('{') == std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(said["en"], said[""]);
        MOLAR_ASSERT_CONTAINS("Transfer QAR 450.50 to", said["en"]);
        MOLAR_ASSERT_CONTAINS("Virez QAR 450.50", said["fr"]);
        MOLAR_ASSERT_CONTAINS("حوِّل QAR 450.50", said["ar"]);
        // The page asks again with the reader's language (fetchPayment), in their words too.
        request.language = "fr";
        MOLAR_ASSERT_CONTAINS("Virez", provider->fetchPayment(request, "").instructions);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProviderTest);
