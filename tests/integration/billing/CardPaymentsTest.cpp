// Paying an invoice by card and giving money back, with the real host and a card provider
// of the test's own: the pay button sends the payer on by a page of its own; back from the
// provider's page the invoice shows what the provider says at once (paid, or why not, in
// the provider's or billing's words); the lab's admins and billing clerks refund part of a
// card payment from the lab's invoice page, never beyond what is left, the same form sent
// twice being one refund, refusals beside the amount; other roles and other invoices'
// payments are refused. Both databases.
#include "SavedCardsPortal.h"

#include "TestDatabase.h"

#include <regex>

using namespace molar;
using namespace molar::test;

namespace {

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// The value of the first hidden input named `name` on a page.
std::string hidden(const std::string& body, const std::string& name)
{
    std::smatch match;
    const std::regex pattern("name=\"" + name + "\" value=\"([^\"]*)\"");
    return std::regex_search(body, match, pattern) ? match[1].str() : std::string();
}

} // namespace

class CardPaymentsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CardPaymentsTest);
    CPPUNIT_TEST(thePayerBackFromTheCheckoutSeesTheInvoicePaid);
    CPPUNIT_TEST(aFailedPaymentIsToldInWordsTheClinicCanActOn);
    CPPUNIT_TEST(anOfflinePaymentIsWaitedForAndNotRefundedHere);
    CPPUNIT_TEST(theClerkRefundsPartOfACardPayment);
    CPPUNIT_TEST(aRefundBeyondWhatIsLeftIsRefusedBesideTheAmount);
    CPPUNIT_TEST(onlyTheLabsBillingRolesRefundThisInvoicesPayments);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<SavedCardsPortal> _cards;
    std::int64_t _invoice = 0;
    std::string _labPage;

public:
    void setUp() override
    {
        _cards = std::make_unique<SavedCardsPortal>();
        _invoice = _cards->issuedInvoice(_cards->pearl(), "INV-2026-000501", 12000);
        _labPage = "/lab/billing/invoices/" + std::to_string(_invoice);
    }
    void tearDown() override { _cards.reset(); }

    void thePayerBackFromTheCheckoutSeesTheInvoicePaid()
    {
        auto payer = _cards->pearlDentist();
        const std::string invoicePage = "/billing/invoices/" + std::to_string(_invoice);
        const Answer page = payer->get(invoicePage);
        CPPUNIT_ASSERT(has(page.body, "Pay with Test card</button>"));

        const Answer handoff = payer->post(invoicePage + "/pay", {{"provider", TestCardProvider::name}});
        CPPUNIT_ASSERT_EQUAL(200, handoff.status);
        const std::string attempt = _cards->provider->lastCheckout();
        const std::string to = std::string(TestCardProvider::origin) + "/pay/cs_" + attempt;
        CPPUNIT_ASSERT_MESSAGE(handoff.body, has(handoff.body, "href=\"" + to + "\""));
        CPPUNIT_ASSERT(has(handoff.body, ">Continue to Test card</a>"));
        CPPUNIT_ASSERT_EQUAL("0;url=" + to, handoff.header("Refresh"));
        CPPUNIT_ASSERT(!has(handoff.body, "http-equiv"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), handoff.header("Cache-Control"));
        // The provider sends the payer back to the invoice, which then asks it.
        CPPUNIT_ASSERT_EQUAL(_cards->portal().settings().http.publicUrl + invoicePage + "?checkout=done",
                             _cards->provider->returnUrlOf(attempt));

        // Paid at the provider; no webhook: the invoice page asks when the payer is back, not before.
        _cards->provider->settle(attempt);
        const int before = _cards->provider->fetches();
        payer->get(invoicePage);
        CPPUNIT_ASSERT_EQUAL(before, _cards->provider->fetches());
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), _cards->state(_invoice));
        const Answer back = payer->get(invoicePage + "?checkout=done");
        CPPUNIT_ASSERT_EQUAL(200, back.status);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), _cards->state(_invoice));
        CPPUNIT_ASSERT_MESSAGE(back.body, has(back.body, "invoice-state-paid"));
        CPPUNIT_ASSERT(!has(back.body, "Pay with Test card"));
        // Asked again, nothing is counted twice.
        payer->get(invoicePage + "?checkout=done");
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(12000),
            _cards->count("SELECT paid_minor FROM billing_invoices WHERE id = ?", {_invoice}));
    }

    void aFailedPaymentIsToldInWordsTheClinicCanActOn()
    {
        auto payer = _cards->pearlOwner();
        const std::string invoicePage = "/billing/invoices/" + std::to_string(_invoice);
        // A decline the provider's plugin has no words for: billing's own.
        _cards->provider->settle(_cards->startCardPayment(*payer, _invoice), "do_not_honor");
        const Answer declined = payer->get(invoicePage + "?checkout=done");
        CPPUNIT_ASSERT_MESSAGE(declined.body,
                               has(declined.body,
                                   "The last payment did not go through: The payment was declined. "
                                   "Try another card or payment method, or contact your bank."));
        // A card that needs its holder: billing's words for authentication_required.
        _cards->provider->settle(_cards->startCardPayment(*payer, _invoice), "authentication_required");
        const Answer action = payer->get(invoicePage + "?checkout=cancelled");
        CPPUNIT_ASSERT_MESSAGE(action.body,
                               has(action.body, "Your bank asks you to confirm this payment yourself"));
        CPPUNIT_ASSERT(!has(action.body, "The payment was declined."));
        // The next try paid: no failure shown any more.
        const std::string paid = _cards->startCardPayment(*payer, _invoice);
        _cards->provider->settle(paid);
        const Answer ok = payer->get(invoicePage + "?checkout=done");
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), _cards->state(_invoice));
        CPPUNIT_ASSERT(!has(ok.body, "did not go through"));
    }

    void anOfflinePaymentIsWaitedForAndNotRefundedHere()
    {
        auto transfer = std::make_shared<TestCardProvider>("transfer", "Transfer", sdk::PaymentFlow::Offline);
        _cards->portal().paymentProviders().add("cards-test-2", transfer, nullptr);
        auto payer = _cards->pearlOwner();
        const std::string invoicePage = "/billing/invoices/" + std::to_string(_invoice);
        CPPUNIT_ASSERT_EQUAL(303, payer->post(invoicePage + "/pay", {{"provider", "transfer"}}).status);
        const std::string attempt = transfer->lastCheckout();
        // The transfer arrived at the provider, which has not reported it: the page does not ask.
        transfer->settle(attempt);
        payer->get(invoicePage + "?checkout=done");
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), _cards->state(_invoice));
        // Reported: paid, and the lab's page offers no refund of a transfer.
        sdk::PaymentEvent received;
        received.providerEventId = "transfer-1";
        received.kind = sdk::PaymentEventKind::Succeeded;
        received.idempotencyKey = attempt;
        received.providerPaymentId = "cs_" + attempt;
        received.amount = {12000, "QAR"};
        CPPUNIT_ASSERT(_cards->portal().payments().record("transfer", received));
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), _cards->state(_invoice));
        const Answer lab = _cards->clerk()->get(_labPage);
        CPPUNIT_ASSERT_EQUAL(200, lab.status);
        CPPUNIT_ASSERT(!has(lab.body, "name=\"refundKey\""));
        CPPUNIT_ASSERT(!has(lab.body, "Captured:"));
    }

    // The lab's invoice page as the clerk sees it, with its first refund form's key.
    Answer labPage(HttpBrowser& clerk, std::string& refundKey, std::string& attempt)
    {
        const Answer answer = clerk.get(_labPage);
        CPPUNIT_ASSERT_EQUAL(200, answer.status);
        refundKey = hidden(answer.body, "refundKey");
        attempt = hidden(answer.body, "attempt");
        return answer;
    }

    void theClerkRefundsPartOfACardPayment()
    {
        const std::string paid = _cards->paidByCard(_invoice);
        auto clerk = _cards->clerk();
        std::string key, attempt;
        const Answer page = labPage(*clerk, key, attempt);
        CPPUNIT_ASSERT_EQUAL(paid, attempt);
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), key.size());
        CPPUNIT_ASSERT_MESSAGE(
            page.body,
            has(page.body, "Captured: <span dir=\"auto\" translate=\"no\">QAR\u00a0120.00</span>"));
        CPPUNIT_ASSERT(has(
            page.body,
            "<label for=\"refund-1-amount\">Amount to refund (<span translate=\"no\">QAR</span>)</label>"));
        CPPUNIT_ASSERT(
            has(page.body, "name=\"amount\" inputmode=\"decimal\" autocomplete=\"off\" value=\"120.00\""));
        CPPUNIT_ASSERT(has(page.body, ">Refund</button>"));
        // Each rendering makes a new key.
        std::string key2, ignored;
        labPage(*clerk, key2, ignored);
        CPPUNIT_ASSERT(key != key2);

        const sdk::Params invoice{_invoice};
        const Form form{{"attempt", attempt}, {"amount", "50.00"}, {"refundKey", key}};
        const Answer refunded = clerk->post(_labPage + "/refunds", form);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refunded.body, 303, refunded.status);
        CPPUNIT_ASSERT_EQUAL(_labPage + "?refund=done#invoice-payments-heading", refunded.header("Location"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(5000),
            _cards->count("SELECT refunded_minor FROM billing_invoices WHERE id = ?", invoice));
        // The same form again (a double click): the same refund, nothing more given back.
        CPPUNIT_ASSERT_EQUAL(303, clerk->post(_labPage + "/refunds", form).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _cards->provider->refunds().size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), _cards->provider->refunds()[0]);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(5000),
            _cards->count("SELECT refunded_minor FROM billing_invoices WHERE id = ?", invoice));

        // The page shows the refund and offers the rest.
        std::string key3;
        const Answer after = labPage(*clerk, key3, attempt);
        CPPUNIT_ASSERT(
            has(after.body, "Refunded: <span dir=\"auto\" translate=\"no\">QAR\u00a050.00</span>"));
        CPPUNIT_ASSERT(has(after.body, "value=\"70.00\""));
        CPPUNIT_ASSERT(has(after.body, "<td>Refund</td>"));
        CPPUNIT_ASSERT(has(clerk->get(_labPage + "?refund=done").body, "The refund is made."));
        // The rest, in full: nothing left to refund, no form.
        CPPUNIT_ASSERT_EQUAL(303, clerk
                                      ->post(_labPage + "/refunds",
                                             {{"attempt", attempt}, {"amount", "70.00"}, {"refundKey", key3}})
                                      .status);
        const Answer full = clerk->get(_labPage);
        CPPUNIT_ASSERT(has(full.body, "Refunded in full."));
        CPPUNIT_ASSERT(!has(full.body, "name=\"refundKey\""));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(12000),
            _cards->count("SELECT refunded_minor FROM billing_invoices WHERE id = ?", invoice));
    }

    void aRefundBeyondWhatIsLeftIsRefusedBesideTheAmount()
    {
        _cards->paidByCard(_invoice);
        auto clerk = _cards->clerk();
        std::string key, attempt;
        labPage(*clerk, key, attempt);
        CPPUNIT_ASSERT_EQUAL(303, clerk
                                      ->post(_labPage + "/refunds",
                                             {{"attempt", attempt}, {"amount", "50.00"}, {"refundKey", key}})
                                      .status);
        labPage(*clerk, key, attempt);
        // 80.00 of the 70.00 left: refused by the payment service, beside the field, as typed.
        const Answer beyond = clerk->post(_labPage + "/refunds",
                                          {{"attempt", attempt}, {"amount", "80.00"}, {"refundKey", key}});
        CPPUNIT_ASSERT_EQUAL(400, beyond.status);
        CPPUNIT_ASSERT_MESSAGE(
            beyond.body,
            has(beyond.body, "<p id=\"refund-1-error\" class=\"field-error\">At most QAR\u00a070.00 can "
                             "be refunded.</p>"));
        CPPUNIT_ASSERT(
            has(beyond.body, "value=\"80.00\" aria-invalid=\"true\" aria-describedby=\"refund-1-error\""));
        // Beyond the whole capture, and amounts that are not ones: refused before the provider.
        labPage(*clerk, key, attempt);
        for (const char* amount : {"500", "abc", "0", "-5", "12.345"}) {
            const Answer refused = clerk->post(
                _labPage + "/refunds", {{"attempt", attempt}, {"amount", amount}, {"refundKey", key}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(amount, 400, refused.status);
            CPPUNIT_ASSERT(has(refused.body, "id=\"refund-1-error\""));
        }
        // A forged key: refused, nothing given back.
        CPPUNIT_ASSERT_EQUAL(400,
                             clerk
                                 ->post(_labPage + "/refunds",
                                        {{"attempt", attempt}, {"amount", "1.00"}, {"refundKey", "nope"}})
                                 .status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _cards->provider->refunds().size());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(5000),
            _cards->count("SELECT refunded_minor FROM billing_invoices WHERE id = ?", {_invoice}));
    }

    void onlyTheLabsBillingRolesRefundThisInvoicesPayments()
    {
        const std::string attempt = _cards->paidByCard(_invoice);
        const Form form{{"attempt", attempt}, {"amount", "10.00"}, {"refundKey", std::string(32, 'a')}};
        auto technician = _cards->technician();
        auto owner = _cards->pearlOwner();
        CPPUNIT_ASSERT_EQUAL(403, technician->post(_labPage + "/refunds", form).status);
        CPPUNIT_ASSERT_EQUAL(403, owner->post(_labPage + "/refunds", form).status);
        // The clinic's own page has no refund form.
        CPPUNIT_ASSERT(!has(owner->get("/billing/invoices/" + std::to_string(_invoice)).body, "refundKey"));
        // This invoice's payment named on another invoice: not found.
        const std::int64_t other = _cards->issuedInvoice(_cards->smile(), "INV-2026-000502", 3000);
        auto clerk = _cards->clerk();
        CPPUNIT_ASSERT_EQUAL(
            404, clerk->post("/lab/billing/invoices/" + std::to_string(other) + "/refunds", form).status);
        CPPUNIT_ASSERT_EQUAL(404, clerk->post("/lab/billing/invoices/999999/refunds", form).status);
        CPPUNIT_ASSERT_EQUAL(
            404, clerk
                     ->post(_labPage + "/refunds",
                            {{"attempt", "nope"}, {"amount", "10.00"}, {"refundKey", std::string(32, 'b')}})
                     .status);
        // Without the CSRF token: refused.
        CPPUNIT_ASSERT_EQUAL(403, clerk->postRaw(_labPage + "/refunds", form).status);
        CPPUNIT_ASSERT(_cards->provider->refunds().empty());
        // The admin may.
        CPPUNIT_ASSERT_EQUAL(303, _cards->labAdmin()->post(_labPage + "/refunds", form).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _cards->provider->refunds().size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CardPaymentsTest);
