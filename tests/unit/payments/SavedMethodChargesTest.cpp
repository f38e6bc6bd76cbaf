// Charges to saved methods on both databases: off-session at once, or a hold
// captured (whole or in part, once) or released; a card that needs its holder is
// recorded as such and never charged again by the host; a provider that tells of
// disputes is asked through DisputeLookup.
#include "Assertions.h"
#include "CardFixture.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using sdk::PaymentEventKind;
using sdk::PaymentState;
using test::CardFixture;
using test::PaymentFixture;

class SavedMethodChargesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SavedMethodChargesTest);
    CPPUNIT_TEST(testOffSessionChargeCountsTheMoneyOnce);
    CPPUNIT_TEST(testAuthenticationRequiredIsRecordedAndNeverRetried);
    CPPUNIT_TEST(testDeclineFailsTheAttempt);
    CPPUNIT_TEST(testDeclineCodeArrivesAfterTheWebhook);
    CPPUNIT_TEST(testCaptureOfPartOfAHoldOnce);
    CPPUNIT_TEST(testCaptureWhenTheWebhookCameFirst);
    CPPUNIT_TEST(testCancelReleasesTheHold);
    CPPUNIT_TEST(testLostChargeAnswerIsSettledByTheResync);
    CPPUNIT_TEST(testRefreshAppliesWhatTheProviderSays);
    CPPUNIT_TEST(testDisputeFactsComeFromADisputeLookup);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _f = std::make_unique<CardFixture>(); }
    void tearDown() override { _f.reset(); }

    void testOffSessionChargeCountsTheMoneyOnce()
    {
        const auto method = _f->saveMethod(7, "pm_ok");
        const auto a = _f->beginFor(7, 10000);
        const auto result = _f->service.chargeSavedMethod(a.id, method.id, false);
        CPPUNIT_ASSERT(result.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->offSessionCharges);
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), stored.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(result.providerPaymentId, stored.providerPaymentId);
        // The provider's webhook for the same payment counts nothing more.
        CPPUNIT_ASSERT(
            _f->service.record("cards", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id,
                                                              result.providerPaymentId, 10000)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
        // A settled attempt is never charged again.
        CPPUNIT_ASSERT_THROW(_f->service.chargeSavedMethod(a.id, method.id, false), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->offSessionCharges);
    }

    void testAuthenticationRequiredIsRecordedAndNeverRetried()
    {
        const auto method = _f->saveMethod(7, "pm_auth");
        const auto a = _f->beginFor(7, 10000);
        const auto result = _f->service.chargeSavedMethod(a.id, method.id, false);
        CPPUNIT_ASSERT(result.state == PaymentState::RequiresAction);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"), result.failureCode);
        auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::RequiresAction);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"), stored.failureCode);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), stored.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_audit WHERE action ="
                                                        " 'payment.requires_action' AND detail LIKE"
                                                        " '%authentication_required%'"));
        // Asking again is refused; the re-sync only asks where it stands.
        CPPUNIT_ASSERT_THROW(_f->service.chargeSavedMethod(a.id, method.id, false), std::invalid_argument);
        _f->clock.advance(std::chrono::minutes(30));
        _f->service.resync(std::chrono::minutes(10));
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->offSessionCharges);
        CPPUNIT_ASSERT_EQUAL(0, _f->cards->authorizations);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->fetches);
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::RequiresAction);
        CPPUNIT_ASSERT(_f->published("payment.succeeded").empty());
        // The provider's later "failed" (it carries no code) keeps the reason the clinic reads.
        CPPUNIT_ASSERT(_f->service.record("cards", PaymentFixture::event("evt_f", PaymentEventKind::Failed,
                                                                         a.id, result.providerPaymentId, 0)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"), _f->attempt(a.id).failureCode);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"),
                             _f->published("payment.failed").at(0).getString("failureCode"));

        // A hold on such a card is the same.
        const auto b = _f->beginFor(7, 4000);
        CPPUNIT_ASSERT(_f->service.chargeSavedMethod(b.id, method.id, true).state ==
                       PaymentState::RequiresAction);
        CPPUNIT_ASSERT_EQUAL(std::string("authentication_required"), _f->attempt(b.id).failureCode);
    }

    void testDeclineFailsTheAttempt()
    {
        const auto method = _f->saveMethod(7, "pm_decline");
        const auto a = _f->beginFor(7, 10000);
        CPPUNIT_ASSERT(_f->service.chargeSavedMethod(a.id, method.id, false).state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("card_declined"), _f->attempt(a.id).failureCode);
        const auto failed = _f->published("payment.failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), failed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("card_declined"), failed[0].getString("failureCode"));
    }

    void testDeclineCodeArrivesAfterTheWebhook()
    {
        const auto a = _f->beginFor(7, 10000);
        // The gateway's webhook (no code) outruns the charge call's answer (the code).
        CPPUNIT_ASSERT(_f->service.record(
            "cards", PaymentFixture::event("evt_f", PaymentEventKind::Failed, a.id, "pi_late", 0)));
        CPPUNIT_ASSERT(_f->attempt(a.id).failureCode.empty());
        molar::sdk::PaymentResult answer;
        answer.state = PaymentState::Failed;
        answer.providerPaymentId = "pi_late";
        answer.amount = a.amount;
        answer.failureCode = "insufficient_funds";
        _f->service.apply(a.id, answer);
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Failed);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient_funds"), _f->attempt(a.id).failureCode);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.failed").size());
        // A later answer never replaces the code the attempt has.
        answer.failureCode = "card_declined";
        _f->service.apply(a.id, answer);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient_funds"), _f->attempt(a.id).failureCode);
    }

    void testCaptureOfPartOfAHoldOnce()
    {
        const auto method = _f->saveMethod(7, "pm_ok");
        const auto a = _f->beginFor(7, 10000);
        CPPUNIT_ASSERT(_f->service.chargeSavedMethod(a.id, method.id, true).state ==
                       PaymentState::Authorized);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->authorizations);
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Authorized);
        CPPUNIT_ASSERT(_f->published("payment.succeeded").empty());
        CPPUNIT_ASSERT_THROW(_f->service.capture(a.id, 10001), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->service.capture(a.id, -1), std::invalid_argument);

        const auto captured = _f->service.capture(a.id, 6000);
        CPPUNIT_ASSERT(captured.state == PaymentState::Succeeded);
        auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), stored.capturedMinor);
        auto payloads = _f->published("payment.succeeded");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), payloads.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), payloads[0].getInt("amountMinor"));
        CPPUNIT_ASSERT(payloads[0].get("paidInFull").asBool());

        // Again: nothing asked, nothing counted.
        const auto again = _f->service.capture(a.id, 6000);
        CPPUNIT_ASSERT(again.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), again.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->captures);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6000), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
        CPPUNIT_ASSERT_THROW(_f->service.cancelAuthorization(a.id), std::invalid_argument);
    }

    void testCaptureWhenTheWebhookCameFirst()
    {
        const auto method = _f->saveMethod(7, "pm_ok");
        const auto a = _f->beginFor(7, 10000);
        const auto held = _f->service.chargeSavedMethod(a.id, method.id, true);
        // The capture's webhook outruns its answer: counted once, by whichever comes first.
        CPPUNIT_ASSERT(
            _f->service.record("cards", PaymentFixture::event("evt_1", PaymentEventKind::Succeeded, a.id,
                                                              held.providerPaymentId, 7000)));
        CPPUNIT_ASSERT(_f->attempt(a.id).state ==
                       PaymentState::Succeeded); // money taken from a hold closes it
        _f->service.capture(a.id, 7000);
        CPPUNIT_ASSERT_EQUAL(0, _f->cards->captures);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7000), _f->attempt(a.id).capturedMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
    }

    void testCancelReleasesTheHold()
    {
        const auto method = _f->saveMethod(7, "pm_ok");
        const auto a = _f->beginFor(7, 10000);
        const auto held = _f->service.chargeSavedMethod(a.id, method.id, true);
        CPPUNIT_ASSERT(_f->service.cancelAuthorization(a.id).state == PaymentState::Canceled);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->cancels);
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Canceled);
        CPPUNIT_ASSERT(_f->cards->payment(held.providerPaymentId).state == PaymentState::Canceled);
        // Again: nothing asked. A canceled hold is not captured.
        CPPUNIT_ASSERT(_f->service.cancelAuthorization(a.id).state == PaymentState::Canceled);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->cancels);
        CPPUNIT_ASSERT_THROW(_f->service.capture(a.id, 0), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(0, _f->cards->captures);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->attempt(a.id).capturedMinor);

        // A pending attempt nothing was asked of is given up here only.
        const auto b = _f->beginFor(7, 3000);
        CPPUNIT_ASSERT(_f->service.cancelAuthorization(b.id).state == PaymentState::Canceled);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->cancels);
        CPPUNIT_ASSERT(_f->attempt(b.id).state == PaymentState::Canceled);
    }

    void testLostChargeAnswerIsSettledByTheResync()
    {
        const auto method = _f->saveMethod(7, "pm_ok");
        const auto a = _f->beginFor(7, 10000);
        _f->cards->loseNextAnswer();
        CPPUNIT_ASSERT(_f->service.chargeSavedMethod(a.id, method.id, false).state == PaymentState::Unknown);
        CPPUNIT_ASSERT(_f->attempt(a.id).state == PaymentState::Unknown);
        CPPUNIT_ASSERT_THROW(_f->service.chargeSavedMethod(a.id, method.id, false), std::invalid_argument);
        _f->service.resync(std::chrono::minutes(10));
        const auto stored = _f->attempt(a.id);
        CPPUNIT_ASSERT(stored.state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), stored.capturedMinor);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->offSessionCharges);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.succeeded").size());
    }

    void testRefreshAppliesWhatTheProviderSays()
    {
        const auto method = _f->saveMethod(7, "pm_ok");
        const auto a = _f->beginFor(7, 10000);
        _f->service.checkout(a.id, "https://lab.example/back", "https://lab.example/cancel");
        CPPUNIT_ASSERT(_f->service.refresh(a.id)->state == PaymentState::Pending);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->fetches);
        CPPUNIT_ASSERT(!_f->service.refresh("pa_nothing"));
        // A settled attempt is not asked about again.
        const auto b = _f->beginFor(7, 2000);
        _f->service.chargeSavedMethod(b.id, method.id, false);
        CPPUNIT_ASSERT(_f->service.refresh(b.id)->state == PaymentState::Succeeded);
        CPPUNIT_ASSERT_EQUAL(1, _f->cards->fetches);
    }

    void testDisputeFactsComeFromADisputeLookup()
    {
        const auto facts = _f->service.dispute("cards", "dp_1");
        CPPUNIT_ASSERT(facts);
        CPPUNIT_ASSERT_EQUAL(std::string("fraudulent"), facts->reason);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1900600000000), facts->evidenceDueAtMillis);
        CPPUNIT_ASSERT(!_f->service.dispute("cards", "dp_2"));
        CPPUNIT_ASSERT(!_f->service.dispute("tests", "dp_1")); // no DisputeLookup
        CPPUNIT_ASSERT(!_f->service.dispute("nobody", "dp_1"));
    }

private:
    std::unique_ptr<CardFixture> _f;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SavedMethodChargesTest);
