// A clinic's saved card and its payments are its own: another organization can neither
// charge the card, make it its default, remove it, finish its setup, nor see or pay the
// first clinic's invoice; and Stripe is never asked for such a charge.
#include "StripePortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

class CrossOrganizationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CrossOrganizationTest);
    CPPUNIT_TEST(testAnotherOrganizationCannotUseASavedCard);
    CPPUNIT_TEST(testAnotherOrganizationCannotSeeOrPayAnInvoice);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnotherOrganizationCannotUseASavedCard()
    {
        StripePortal stripe;
        std::string pearlSetup;
        const sdk::SavedPaymentMethod pearlCard =
            stripe.saveCard(stripe.pearl(), "4242424242424242", &pearlSetup);
        auto& payments = stripe.portal().payments();
        const std::int64_t smile = stripe.smile();
        const std::int64_t invoice = stripe.insertInvoice("INV-2026-001001", 25000, smile);
        const std::string attempt = stripe.beginAttempt(invoice, "INV-2026-001001", smile, 25000);

        CPPUNIT_ASSERT_THROW(payments.chargeSavedMethod(attempt, pearlCard.id, false), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(payments.chargeSavedMethod(attempt, pearlCard.id, true), std::invalid_argument);
        CPPUNIT_ASSERT(stripe.paymentIntentsOf(attempt).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), stripe.attemptState(attempt));

        const sdk::Actor smileOwner{0, "Smile owner", "127.0.0.1"};
        CPPUNIT_ASSERT(!payments.makeDefaultMethod(smile, pearlCard.id, smileOwner));
        CPPUNIT_ASSERT(!payments.removeMethod(smile, pearlCard.id, smileOwner));
        CPPUNIT_ASSERT(payments.savedMethods(smile).empty());
        CPPUNIT_ASSERT(!payments.defaultMethod(smile));
        CPPUNIT_ASSERT(!payments.finishSavingMethod(smile, pearlSetup));
        // Pearl's card is still there, still Pearl's default, and not detached at Stripe.
        const auto pearls = payments.savedMethods(stripe.pearl());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pearls.size());
        CPPUNIT_ASSERT(pearls.front().isDefault);
        CPPUNIT_ASSERT(
            stripe.requests("POST", "/v1/payment_methods/" + pearlCard.method.providerMethodId + "/detach")
                .empty());

        // Over HTTP, Smile's owner: Pearl's card is not among theirs, cannot be made their
        // default or removed (as if there were no such card), and Pearl's setup saves nothing
        // for Smile.
        auto owner = stripe.signIn("owner@smile.example", "demo smile owner");
        const Answer methods = owner->get("/billing/payment-methods");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(methods.body, 200, methods.status);
        MOLAR_ASSERT_NOT_CONTAINS(pearlCard.method.last4, methods.body);
        const std::string card = "/billing/payment-methods/" + std::to_string(pearlCard.id);
        CPPUNIT_ASSERT_EQUAL(404, owner->post(card + "/default", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, owner->post(card + "/remove", {}).status);
        const Answer finished = owner->get("/billing/payment-methods/saved?setup=" + pearlSetup);
        CPPUNIT_ASSERT(finished.status == 200 || finished.status == 404);
        MOLAR_ASSERT_NOT_CONTAINS(pearlCard.method.last4, finished.body);
        CPPUNIT_ASSERT(payments.savedMethods(smile).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), payments.savedMethods(stripe.pearl()).size());
        CPPUNIT_ASSERT(
            stripe.requests("POST", "/v1/payment_methods/" + pearlCard.method.providerMethodId + "/detach")
                .empty());
    }

    void testAnotherOrganizationCannotSeeOrPayAnInvoice()
    {
        StripePortal stripe;
        const CardInvoice pearls = stripe.issuedInvoice("INV-2026-001002", 33000);
        auto smileOwner = stripe.signIn("owner@smile.example", "demo smile owner");
        const std::string page = "/billing/invoices/" + std::to_string(pearls.id);
        CPPUNIT_ASSERT_EQUAL(404, smileOwner->get(page).status);
        CPPUNIT_ASSERT_EQUAL(404, smileOwner->post(page + "/pay", {{"provider", "stripe"}}).status);
        // One attempt, Pearl's: Smile's asking began nothing and asked Stripe for nothing.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             stripe.count("SELECT COUNT(*) AS n FROM molar_payment_attempts WHERE "
                                          "purpose_id = ?",
                                          {std::to_string(pearls.id)}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), stripe.requests("POST", "/v1/checkout/sessions").size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CrossOrganizationTest);
