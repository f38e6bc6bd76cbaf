// Billing modes that charge a saved card, with the real host, the cases plugin and a
// card provider of the test's own (CardChargesProvider): prepay holds the card when a
// case is submitted, charges the hold when it ships (the invoice ends paid) and
// releases it when the case is cancelled (the invoice void); a hold that ages is
// renewed before it lapses; autopay charges the card when the case ships; a decline or
// a card that needs its holder is reported to the owner and on the case's timeline,
// leaves the invoice to pay by hand and is never retried; every job run twice charges
// once.
#include "../cases/CasesPortal.h"

#include "CardChargesProvider.h"
#include "TestDatabase.h"

#include <chrono>
#include <thread>

using namespace molar;
using namespace molar::test;
using std::chrono::hours;

namespace {

std::int64_t count(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    return cases.db().query(sql, params).row(0).at(0).asInt();
}

std::string text(CasesPortal& cases, const std::string& sql, const sdk::Params& params = {})
{
    auto rows = cases.db().query(sql, params);
    return rows.empty() ? std::string() : rows.row(0).at(0).toString();
}

// Waits until the outbox has no job it could run now.
void settle(CasesPortal& cases)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        const std::int64_t now = host::millisSinceEpoch(cases.clock.now());
        if (count(cases,
                  "SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND run_at "
                  "<= ?)",
                  {now}) == 0)
            return;
        CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                               std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// The cases and billing plugins, the card provider, email written to the log.
class CardPortal : public CasesPortal
{
public:
    explicit CardPortal(DemoPortal::Settings extra = {}) : CasesPortal(settings(extra))
    {
        provider = std::make_shared<CardChargesProvider>();
        portal().paymentProviders().add("billing-tests", provider, nullptr);
        pearl = count(*this, "SELECT organization_id FROM molar_users WHERE email = ?",
                      {std::string("owner@pearl.example")});
    }

    // A saved card of the organization with the test provider, as its owner saves one
    // (the setup, the provider's page, back): its default when it has no other.
    void saveCard(std::int64_t organization)
    {
        auto& payments = portal().payments();
        const sdk::MethodSetup setup = payments.startSavingMethod(
            organization, CardChargesProvider::kName,
            "https://portal.example/billing/payment-methods/saved?setup={SETUP_ID}",
            "https://portal.example/billing/payment-methods", "en");
        CPPUNIT_ASSERT(payments.finishSavingMethod(organization, setup.id));
        CPPUNIT_ASSERT(payments.defaultMethod(organization));
    }

    // The owner removed every saved card.
    void removeCards(std::int64_t organization)
    {
        auto& payments = portal().payments();
        for (const auto& method : payments.savedMethods(organization))
            CPPUNIT_ASSERT(payments.removeMethod(organization, method.id, sdk::Actor{0, "owner", ""}));
        CPPUNIT_ASSERT(!payments.defaultMethod(organization));
    }

    void setMode(std::int64_t organization, const std::string& mode)
    {
        const Answer answer = labAdmin()->post("/lab/billing/accounts/" + std::to_string(organization),
                                               {{"mode", mode}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }

    // A crown case of Pearl Dental submitted by its dentist; answers its id once its jobs ran.
    std::int64_t submitted(const std::string& patientRef)
    {
        auto dentist = pearlDentist();
        const std::int64_t id = completeCrownDraft(*dentist, patientRef);
        submit(*dentist, id);
        settle(*this);
        return id;
    }

    void act(std::int64_t id, const std::vector<std::string>& actions, const std::string& reason = "")
    {
        auto admin = labAdmin();
        for (const auto& action : actions) {
            const Answer answer = admin->post("/cases/" + std::to_string(id) + "/actions/" + action,
                                              reason.empty() ? Form{} : Form{{"reason", reason}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action + ": " + answer.body, 303, answer.status);
        }
        settle(*this);
    }
    void ship(std::int64_t id) { act(id, {"accept", "to_production", "to_finishing", "to_qc", "ship"}); }

    // Runs what was put off (a run that met another's call in flight backs off): the clock
    // moves past every retry's time, a few times.
    void retryLater()
    {
        for (int i = 0; i < 4; ++i) {
            clock.advance(std::chrono::minutes(10));
            portal().jobs().wake();
            settle(*this);
        }
    }

    std::string chargeState(std::int64_t id)
    {
        return text(*this, "SELECT state FROM billing_card_charges WHERE case_id = ?", {id});
    }
    std::string attemptOf(std::int64_t id)
    {
        return text(*this, "SELECT attempt_id FROM billing_card_charges WHERE case_id = ?", {id});
    }
    std::string attemptState(const std::string& attemptId)
    {
        return text(*this, "SELECT state FROM molar_payment_attempts WHERE id = ?", {attemptId});
    }
    std::int64_t invoiceOf(std::int64_t id)
    {
        return count(*this, "SELECT COUNT(*) FROM billing_invoices WHERE case_id = ?", {id}) == 0
                   ? 0
                   : count(*this, "SELECT id FROM billing_invoices WHERE case_id = ?", {id});
    }
    std::string invoiceState(std::int64_t id)
    {
        return text(*this, "SELECT state FROM billing_invoices WHERE case_id = ?", {id});
    }
    std::int64_t invoiceCount(std::int64_t id)
    {
        return count(*this, "SELECT COUNT(*) FROM billing_invoices WHERE case_id = ?", {id});
    }
    bool timelineHas(std::int64_t id, const std::string& key)
    {
        return count(*this, "SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND summary_key = ?",
                     {id, key}) > 0;
    }
    // The messages a rule made, waited for (the outbox makes them after the event's transaction).
    std::vector<std::string> toldBy(const std::string& rule, std::size_t atLeast = 1)
    {
        std::vector<std::string> out;
        for (int i = 0; i < 500; ++i) {
            auto rows =
                db().query("SELECT u.email, n.content FROM molar_notifications n JOIN molar_users u ON "
                           "u.id = n.user_id WHERE n.rule = ? ORDER BY n.id",
                           {rule});
            out.clear();
            for (std::size_t r = 0; r < rows.size(); ++r)
                out.push_back(rows.get(r, "email").toString() + " " + rows.get(r, "content").toString());
            if (out.size() >= atLeast)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return out;
    }
    void enqueue(const std::string& job, std::int64_t caseId, int times)
    {
        auto row = db().query(
            "SELECT id, number, organization_id, clinic_id, product FROM cases_cases WHERE id = ?", {caseId});
        const sdk::Value payload =
            sdk::Value::object({{"caseId", caseId},
                                {"number", row.get(0, "number").toString()},
                                {"organizationId", row.get(0, "organization_id").asInt()},
                                {"clinicId", row.get(0, "clinic_id").asInt()},
                                {"product", row.get(0, "product").toString()},
                                {"productName", "Zirconia crown"}});
        db().transaction([&](sdk::Transaction& tx) {
            for (int i = 0; i < times; ++i)
                portal().jobs().enqueue(tx, job, payload, std::chrono::milliseconds(0), "");
        });
        portal().jobs().wake();
        settle(*this);
    }

    std::shared_ptr<CardChargesProvider> provider;
    std::int64_t pearl = 0;

private:
    static DemoPortal::Settings settings(DemoPortal::Settings extra)
    {
        DemoPortal::Settings all{{"plugins.enabled", "cases, billing"},
                                 {"notifications.logChannels", "email"},
                                 {"jobs.workers", "2"}};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }
};

} // namespace

class CardChargesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CardChargesTest);
    CPPUNIT_TEST(prepayHoldsAtSubmissionChargesAtShippingAndReleasesOnCancel);
    CPPUNIT_TEST(prepayRenewsAHoldThatAgesBeforeTheCaseShips);
    CPPUNIT_TEST(aHoldThatCannotBeRenewedIsReportedAndNotRetried);
    CPPUNIT_TEST(autopayChargesTheDefaultCardWhenTheCaseShips);
    CPPUNIT_TEST(anAutopayDeclineTellsTheOwnerAndLeavesTheInvoiceUnpaid);
    CPPUNIT_TEST(offSessionAuthenticationIsReportedNotRetried);
    CPPUNIT_TEST(withoutADefaultCardTheInvoiceIsPayableByHand);
    CPPUNIT_TEST(everyJobRunTwiceChargesOnce);
    CPPUNIT_TEST(theModeWhenSubmittedOrShippedDecidesAndNothingIsBilledTwice);
    CPPUNIT_TEST(aPrepaidCaseQuotedLaterIsChargedTheQuotedPrice);
    CPPUNIT_TEST(aPrepaidCaseAgreedLaterIsChargedTheAgreedPrice);
    CPPUNIT_TEST(theRenewalHoursAreConfiguredAndABadValueStopsStartUp);
    CPPUNIT_TEST(aHoldWhoseAnswerIsLostIsSettledByTheResyncNotAskedAgain);
    CPPUNIT_TEST_SUITE_END();

public:
    void prepayHoldsAtSubmissionChargesAtShippingAndReleasesOnCancel()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");

        // Submitted: the card holds the crown's price; the invoice is a draft the clinic
        // is not asked to pay.
        const std::int64_t id = cards.submitted("P-700");
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.chargeState(id));
        const std::string hold = cards.attemptOf(id);
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.attemptState(hold));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->authorizeCalls));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45000), cards.provider->payments.at(hold).amount.minor);
        CPPUNIT_ASSERT_EQUAL(std::string("draft"), cards.invoiceState(id));
        CPPUNIT_ASSERT(cards.timelineHas(id, "billing.card.activity.held"));
        CPPUNIT_ASSERT_EQUAL(
            404, cards.pearlOwner()->get("/billing/invoices/" + std::to_string(cards.invoiceOf(id))).status);

        // Shipped: the hold is captured, the invoice issued and paid.
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("captured"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->captureCalls));
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), cards.attemptState(hold));
        auto invoice = cards.db().query(
            "SELECT state, number, paid_minor, total_minor FROM billing_invoices WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoice.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45000), invoice.get(0, "paid_minor").asInt());
        CPPUNIT_ASSERT(!invoice.get(0, "number").toString().empty());
        // Delivered: nothing invoiced again.
        cards.act(id, {"deliver"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), cards.invoiceCount(id));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->paymentsMade());

        // Another case, cancelled before it ships: the hold released, the draft void.
        const std::int64_t cancelled = cards.submitted("P-701");
        const std::string released = cards.attemptOf(cancelled);
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.attemptState(released));
        cards.act(cancelled, {"cancel"}, "Patient moved");
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), cards.chargeState(cancelled));
        CPPUNIT_ASSERT_EQUAL(std::string("canceled"), cards.attemptState(released));
        CPPUNIT_ASSERT_EQUAL(std::string("void"), cards.invoiceState(cancelled));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->cancelCalls));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->captureCalls));
        CPPUNIT_ASSERT(cards.timelineHas(cancelled, "billing.card.activity.released"));
    }

    void prepayRenewsAHoldThatAgesBeforeTheCaseShips()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        const std::int64_t id = cards.submitted("P-710");
        const std::string first = cards.attemptOf(id);

        // 143 hours on: not yet. 145: a new hold, then the old one released.
        cards.clock.advance(hours(143));
        cards.portal().jobs().runDueSchedules();
        settle(cards);
        CPPUNIT_ASSERT_EQUAL(first, cards.attemptOf(id));
        cards.clock.advance(hours(2));
        for (int i = 0; i < 500 && cards.attemptOf(id) == first; ++i) {
            cards.portal().jobs().runDueSchedules();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        settle(cards);
        const std::string second = cards.attemptOf(id);
        CPPUNIT_ASSERT(second != first);
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.attemptState(second));
        CPPUNIT_ASSERT_EQUAL(std::string("canceled"), cards.attemptState(first));
        CPPUNIT_ASSERT_EQUAL(2, cards.provider->calls(cards.provider->authorizeCalls));
        CPPUNIT_ASSERT_EQUAL(first + " ", cards.provider->canceledKeys);
        CPPUNIT_ASSERT(cards.timelineHas(id, "billing.card.activity.renewed"));
        // The next hour renews nothing (the new hold is young).
        cards.clock.advance(hours(1));
        cards.portal().jobs().runDueSchedules();
        settle(cards);
        CPPUNIT_ASSERT_EQUAL(2, cards.provider->calls(cards.provider->authorizeCalls));

        // Shipped: the new hold is the one charged.
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), cards.attemptState(second));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), cards.invoiceState(id));
        // A shipped case's hold is not renewed, however old.
        cards.clock.advance(hours(200));
        cards.portal().jobs().runDueSchedules();
        settle(cards);
        CPPUNIT_ASSERT_EQUAL(2, cards.provider->calls(cards.provider->authorizeCalls));
    }

    void aHoldThatCannotBeRenewedIsReportedAndNotRetried()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        const std::int64_t id = cards.submitted("P-720");
        const std::string first = cards.attemptOf(id);
        cards.provider->decline = true;
        cards.clock.advance(hours(145));
        for (int i = 0; i < 500 && cards.chargeState(id) == "authorized"; ++i) {
            cards.portal().jobs().runDueSchedules();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        settle(cards);
        CPPUNIT_ASSERT_EQUAL(std::string("reauth_failed"), cards.chargeState(id));
        // The old hold stays (it may still be charged when the case ships).
        CPPUNIT_ASSERT_EQUAL(first, cards.attemptOf(id));
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.attemptState(first));
        CPPUNIT_ASSERT(cards.timelineHas(id, "billing.card.activity.renewFailed"));
        const auto told = cards.toldBy("prepay_renewal_failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), told.size());
        MOLAR_ASSERT_CONTAINS("owner@pearl.example", told[0]);
        MOLAR_ASSERT_CONTAINS("could not be renewed", told[0]);
        // Never again on its own.
        const int asked = cards.provider->calls(cards.provider->authorizeCalls);
        for (int h = 0; h < 3; ++h) {
            cards.clock.advance(hours(1));
            cards.portal().jobs().runDueSchedules();
        }
        settle(cards);
        CPPUNIT_ASSERT_EQUAL(asked, cards.provider->calls(cards.provider->authorizeCalls));
        // Shipped while the old hold still holds: it is charged.
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("captured"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), cards.invoiceState(id));
    }

    void autopayChargesTheDefaultCardWhenTheCaseShips()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "autopay");
        const std::int64_t id = cards.submitted("P-730");
        // Nothing before it ships.
        CPPUNIT_ASSERT_EQUAL(std::string(), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), cards.invoiceCount(id));
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("charged"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->chargeCalls));
        CPPUNIT_ASSERT_EQUAL(0, cards.provider->calls(cards.provider->authorizeCalls));
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), cards.attemptState(cards.attemptOf(id)));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), cards.invoiceState(id));
        cards.act(id, {"deliver"});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), cards.invoiceCount(id));
    }

    void anAutopayDeclineTellsTheOwnerAndLeavesTheInvoiceUnpaid()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "autopay");
        const std::int64_t id = cards.submitted("P-740");
        cards.provider->decline = true;
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(
            std::string("card_declined"),
            text(cards, "SELECT failure_code FROM billing_card_charges WHERE case_id = ?", {id}));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), cards.invoiceState(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count(cards, "SELECT paid_minor FROM billing_invoices WHERE case_id = ?", {id}));
        // Due as on net terms: 30 days on, at the end of the lab's day.
        CPPUNIT_ASSERT(count(cards, "SELECT due_at FROM billing_invoices WHERE case_id = ?", {id}) >
                       host::millisSinceEpoch(cards.clock.now()) + 29LL * 24 * 3600 * 1000);
        CPPUNIT_ASSERT(cards.timelineHas(id, "billing.card.activity.chargeFailed"));
        const auto told = cards.toldBy("autopay_failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), told.size());
        MOLAR_ASSERT_CONTAINS("owner@pearl.example", told[0]);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0450.00", told[0]);
        // The job again: no second charge.
        cards.enqueue("billing.card-shipped", id, 2);
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->chargeCalls));
        // The owner pays by hand from the invoice page.
        CPPUNIT_ASSERT_EQUAL(
            200, cards.pearlOwner()->get("/billing/invoices/" + std::to_string(cards.invoiceOf(id))).status);
    }

    void offSessionAuthenticationIsReportedNotRetried()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        cards.provider->authenticationRequired = true;
        const std::int64_t held = cards.submitted("P-750");
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), cards.chargeState(held));
        CPPUNIT_ASSERT_EQUAL(
            std::string("authentication_required"),
            text(cards, "SELECT failure_code FROM billing_card_charges WHERE case_id = ?", {held}));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), cards.invoiceState(held));
        CPPUNIT_ASSERT(cards.timelineHas(held, "billing.card.activity.holdFailed"));
        const auto told = cards.toldBy("prepay_hold_failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), told.size());
        MOLAR_ASSERT_CONTAINS("confirm this payment", told[0]);
        // Shipping charges nothing; the job again asks nothing.
        cards.ship(held);
        cards.enqueue("billing.prepay-authorize", held, 2);
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->authorizeCalls));
        CPPUNIT_ASSERT_EQUAL(0, cards.provider->calls(cards.provider->captureCalls));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), cards.invoiceState(held));

        // Autopay the same: one ask, reported.
        cards.setMode(cards.pearl, "autopay");
        const std::int64_t charged = cards.submitted("P-751");
        cards.ship(charged);
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), cards.chargeState(charged));
        CPPUNIT_ASSERT_EQUAL(std::string("requires_action"), cards.attemptState(cards.attemptOf(charged)));
        cards.enqueue("billing.card-shipped", charged, 2);
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->chargeCalls));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cards.toldBy("autopay_failed").size());
    }

    void withoutADefaultCardTheInvoiceIsPayableByHand()
    {
        // The owner removes the card after a case was submitted (a card on file is needed to submit).
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "autopay");
        const std::int64_t id = cards.submitted("P-760");
        cards.removeCards(cards.pearl);
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(
            std::string("no_default_method"),
            text(cards, "SELECT failure_code FROM billing_card_charges WHERE case_id = ?", {id}));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), cards.invoiceState(id));
        MOLAR_ASSERT_CONTAINS("no saved card", cards.toldBy("autopay_failed").at(0));
        CPPUNIT_ASSERT_EQUAL(0, cards.provider->calls(cards.provider->chargeCalls));

        // A prepay hold whose card is gone when it is due for renewal: reported, the old hold kept.
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        const std::int64_t held = cards.submitted("P-761");
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.chargeState(held));
        cards.removeCards(cards.pearl);
        cards.clock.advance(hours(145));
        for (int i = 0; i < 500 && cards.chargeState(held) == "authorized"; ++i) {
            cards.portal().jobs().runDueSchedules();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("reauth_failed"), cards.chargeState(held));
        MOLAR_ASSERT_CONTAINS("no saved card", cards.toldBy("prepay_renewal_failed").at(0));
        // Cancelled: the old hold released, the draft void.
        cards.act(held, {"cancel"}, "Patient moved");
        CPPUNIT_ASSERT_EQUAL(std::string("void"), cards.invoiceState(held));
        CPPUNIT_ASSERT_EQUAL(std::string("canceled"), cards.attemptState(cards.attemptOf(held)));
    }

    void everyJobRunTwiceChargesOnce()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        // Each call to the provider takes a while: the other runs of a job, on the other
        // worker, meet it in flight (and come back later) or find it done.
        cards.provider->delayMillis = 300;
        auto dentist = cards.pearlDentist();
        const std::int64_t id = cards.completeCrownDraft(*dentist, "P-770");
        cards.submit(*dentist, id);
        cards.enqueue("billing.prepay-authorize", id, 3);
        cards.retryLater();
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->authorizeCalls));

        cards.act(id, {"accept", "to_production", "to_finishing", "to_qc"});
        cards.labAdmin()->post("/cases/" + std::to_string(id) + "/actions/ship", {});
        cards.enqueue("billing.card-shipped", id, 3);
        cards.retryLater();
        CPPUNIT_ASSERT_EQUAL(std::string("captured"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->captureCalls));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45000),
                             count(cards, "SELECT paid_minor FROM billing_invoices WHERE case_id = ?", {id}));

        const std::int64_t cancelled = cards.submitted("P-771");
        cards.labAdmin()->post("/cases/" + std::to_string(cancelled) + "/actions/cancel",
                               {{"reason", "Patient moved"}});
        cards.enqueue("billing.prepay-cancel", cancelled, 3);
        cards.retryLater();
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), cards.chargeState(cancelled));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->cancelCalls));

        cards.setMode(cards.pearl, "autopay");
        const std::int64_t autopaid = cards.submitted("P-772");
        cards.act(autopaid, {"accept", "to_production", "to_finishing", "to_qc"});
        cards.labAdmin()->post("/cases/" + std::to_string(autopaid) + "/actions/ship", {});
        cards.enqueue("billing.card-shipped", autopaid, 3);
        cards.retryLater();
        CPPUNIT_ASSERT_EQUAL(std::string("charged"), cards.chargeState(autopaid));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->chargeCalls));
        CPPUNIT_ASSERT_EQUAL(3, cards.provider->paymentsMade());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(45000),
            count(cards, "SELECT paid_minor FROM billing_invoices WHERE case_id = ?", {autopaid}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), cards.invoiceCount(autopaid));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count(cards, "SELECT COUNT(*) FROM molar_jobs WHERE state = 'parked'"));
    }

    void theModeWhenSubmittedOrShippedDecidesAndNothingIsBilledTwice()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        const std::int64_t prepaid = cards.submitted("P-780");
        // Moved to net terms after submission: the case stays prepaid, and its delivery
        // makes no second invoice.
        cards.setMode(cards.pearl, "net_terms");
        cards.ship(prepaid);
        cards.act(prepaid, {"deliver"});
        CPPUNIT_ASSERT_EQUAL(std::string("captured"), cards.chargeState(prepaid));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), cards.invoiceCount(prepaid));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), cards.invoiceState(prepaid));

        // Shipped on net terms, delivered after the move to autopay: invoiced on net terms,
        // the card never charged.
        const std::int64_t netTerms = cards.submitted("P-781");
        cards.ship(netTerms);
        cards.setMode(cards.pearl, "autopay");
        cards.act(netTerms, {"deliver"});
        CPPUNIT_ASSERT_EQUAL(std::string(), cards.chargeState(netTerms));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), cards.invoiceCount(netTerms));
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), cards.invoiceState(netTerms));
        CPPUNIT_ASSERT_EQUAL(0, cards.provider->calls(cards.provider->chargeCalls));
    }

    void aPrepaidCaseQuotedLaterIsChargedTheQuotedPrice()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        const std::int64_t id = cards.submitted("P-790");
        const std::string hold = cards.attemptOf(id);
        // The lab quotes 400.00 for the crown held at its list price, 450.00; the dentist accepts.
        auto admin = cards.labAdmin();
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "quote", {}).status);
        const std::int64_t quote =
            count(cards, "SELECT id FROM billing_quotes WHERE case_id = ? ORDER BY id DESC", {id});
        CPPUNIT_ASSERT_EQUAL(
            303, admin->post("/lab/billing/quotes/" + std::to_string(quote), {{"price", "400.00"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            303, cards.pearlDentist()
                     ->post("/billing/quotes/" + std::to_string(quote) + "/accept", {{"confirm", "yes"}})
                     .status);
        cards.act(id, {"to_production", "to_finishing", "to_qc", "ship"});
        CPPUNIT_ASSERT_EQUAL(std::string("captured"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), cards.provider->payments.at(hold).capturedMinor);
        auto invoice = cards.db().query(
            "SELECT state, total_minor, paid_minor FROM billing_invoices WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoice.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), invoice.get(0, "total_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), invoice.get(0, "paid_minor").asInt());
    }

    void aPrepaidCaseAgreedLaterIsChargedTheAgreedPrice()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        const std::int64_t id = cards.submitted("P-795");
        const std::string hold = cards.attemptOf(id);
        // Held at the crown's list price, 450.00; a plan option agreed at 400.00 (case.priced).
        cards.db().transaction([&](sdk::Transaction& tx) {
            cards.portal().events().publish(
                tx, "case.priced",
                sdk::Value::object(
                    {{"caseId", id},
                     {"number", cards.number(id)},
                     {"organizationId", cards.pearl},
                     {"clinicId", count(cards, "SELECT clinic_id FROM cases_cases WHERE id = ?", {id})},
                     {"amountMinor", 40000},
                     {"currency", "QAR"},
                     {"label", "MINI"},
                     {"source", "aligners.plan"}}));
        });
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("captured"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), cards.provider->payments.at(hold).capturedMinor);
        auto invoice = cards.db().query(
            "SELECT id, state, total_minor, paid_minor FROM billing_invoices WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), invoice.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), invoice.get(0, "total_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(40000), invoice.get(0, "paid_minor").asInt());
        // The adjustment says why.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cards,
                                   "SELECT COUNT(*) FROM billing_invoice_lines WHERE invoice_id = ? "
                                   "AND amount_minor = -5000 AND reason = 'Agreed price (MINI)'",
                                   {invoice.get(0, "id").asInt()}));
    }

    void theRenewalHoursAreConfiguredAndABadValueStopsStartUp()
    {
        {
            CardPortal cards(DemoPortal::Settings{{"billing.prepay.reauthorizeAfterHours", "24"}});
            cards.saveCard(cards.pearl);
            cards.setMode(cards.pearl, "prepay");
            const std::int64_t id = cards.submitted("P-795");
            const std::string first = cards.attemptOf(id);
            cards.clock.advance(hours(23));
            cards.portal().jobs().runDueSchedules();
            settle(cards);
            CPPUNIT_ASSERT_EQUAL(first, cards.attemptOf(id));
            cards.clock.advance(hours(2));
            for (int i = 0; i < 500 && cards.attemptOf(id) == first; ++i) {
                cards.portal().jobs().runDueSchedules();
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            CPPUNIT_ASSERT(cards.attemptOf(id) != first);
            CPPUNIT_ASSERT_EQUAL(2, cards.provider->calls(cards.provider->authorizeCalls));
        }
        // A hold lapses after 7 days at Stripe: more than 160 hours would renew it too late.
        for (const char* bad : {"0", "161"}) {
            std::string message;
            try {
                CardPortal cards(DemoPortal::Settings{{"billing.prepay.reauthorizeAfterHours", bad}});
            } catch (const std::exception& e) {
                message = e.what();
            }
            MOLAR_ASSERT_CONTAINS("billing.prepay.reauthorizeAfterHours", message);
        }
    }

    void aHoldWhoseAnswerIsLostIsSettledByTheResyncNotAskedAgain()
    {
        CardPortal cards;
        cards.saveCard(cards.pearl);
        cards.setMode(cards.pearl, "prepay");
        // The provider holds the card but its answer never arrives: the attempt is unknown.
        cards.provider->loseAnswers = 1;
        const std::int64_t id = cards.submitted("P-798");
        CPPUNIT_ASSERT_EQUAL(std::string("authorizing"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), cards.attemptState(cards.attemptOf(id)));
        // The payment service's re-sync asks the provider, and the job's next run settles the row.
        for (int i = 0; i < 30 && cards.chargeState(id) != "authorized"; ++i) {
            cards.clock.advance(std::chrono::minutes(1));
            cards.portal().jobs().runDueSchedules();
            cards.portal().jobs().wake();
            settle(cards);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("authorized"), cards.chargeState(id));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->calls(cards.provider->authorizeCalls));
        CPPUNIT_ASSERT_EQUAL(1, cards.provider->paymentsMade());
        cards.ship(id);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), cards.invoiceState(id));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CardChargesTest);
