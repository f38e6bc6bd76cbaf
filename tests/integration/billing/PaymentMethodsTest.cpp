// The clinic owner's saved cards with the real host and a card provider of the test's own:
// /billing/payment-methods lists them (brand, last four, expiry, the default), "Add a card"
// sends the owner on to the provider's page by a page of its own (a 303 to another origin
// after a form's POST is blocked by form-action 'self'), the way back finishes the setup or
// says it is not finished yet, "Make default" and "Remove"; another organization's cards
// are not found on every route; a card on file is required to activate an organization in
// prepay or autopay, and the lab's accounts page says which have one. Both databases.
#include "SavedCardsPortal.h"

#include "TestDatabase.h"

using namespace molar;
using namespace molar::test;

namespace {

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

const std::string page = "/billing/payment-methods";

} // namespace

class PaymentMethodsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PaymentMethodsTest);
    CPPUNIT_TEST(theOwnerSavesACardThroughTheProvidersPage);
    CPPUNIT_TEST(theOwnerChangesTheDefaultAndRemovesACard);
    CPPUNIT_TEST(anotherOrganizationsCardsAreNotFound);
    CPPUNIT_TEST(onlyTheOwnerManagesCards);
    CPPUNIT_TEST(theOwnerChoosesAmongProvidersThatKeepCards);
    CPPUNIT_TEST(prepayAndAutopayNeedACardOnFile);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<SavedCardsPortal> _cards;

public:
    void setUp() override { _cards = std::make_unique<SavedCardsPortal>(); }
    void tearDown() override { _cards.reset(); }

    // The owner adds a card and the provider finishes the setup: the setup's id.
    std::string saveCard(HttpBrowser& owner, const std::string& methodId, const std::string& brand,
                         const std::string& last4)
    {
        const Answer handoff = owner.post(page, {{"provider", TestCardProvider::name}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(handoff.body, 200, handoff.status);
        const std::string setup = _cards->provider->finishLatestSetup(methodId, brand, last4);
        const Answer back = owner.get(page + "/saved?setup=" + setup);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(back.body, 200, back.status);
        CPPUNIT_ASSERT_MESSAGE(back.body, has(back.body, "Card saved"));
        return setup;
    }

    std::int64_t methodIdOf(std::int64_t organization, const std::string& last4)
    {
        for (const auto& method : _cards->portal().payments().savedMethods(organization))
            if (method.method.last4 == last4)
                return method.id;
        return 0;
    }

    void theOwnerSavesACardThroughTheProvidersPage()
    {
        auto owner = _cards->pearlOwner();
        const Answer empty = owner->get(page);
        CPPUNIT_ASSERT_EQUAL(200, empty.status);
        CPPUNIT_ASSERT(has(empty.body, "No card is saved yet."));
        CPPUNIT_ASSERT(has(empty.body, ">Add a card</button>"));
        // One provider keeps cards: no choice to make.
        CPPUNIT_ASSERT(!has(empty.body, "type=\"radio\""));
        // The owner's menu links the page.
        CPPUNIT_ASSERT(has(empty.body, "href=\"/billing/payment-methods\""));

        // "Add a card": a page that continues to the provider (a link, and a Refresh header), not a 303.
        const Answer handoff = owner->post(page, {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(handoff.body, 200, handoff.status);
        const auto setups = _cards->provider->setups();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), setups.size());
        const std::string setup = setups[0].idempotencyKey;
        const std::string to = std::string(TestCardProvider::origin) + "/setup/seti_" + setup;
        CPPUNIT_ASSERT_MESSAGE(handoff.body, has(handoff.body, "<a class=\"button primary\" href=\"" + to));
        CPPUNIT_ASSERT(has(handoff.body, ">Continue to Test card</a>"));
        CPPUNIT_ASSERT_EQUAL("0;url=" + to, handoff.header("Refresh"));
        CPPUNIT_ASSERT(!has(handoff.body, "http-equiv"));
        // The provider sends the payer back to the portal's page for this setup.
        CPPUNIT_ASSERT_EQUAL(_cards->portal().settings().http.publicUrl + page + "/saved?setup=" + setup,
                             setups[0].returnUrl);
        CPPUNIT_ASSERT_EQUAL(_cards->portal().settings().http.publicUrl + page, setups[0].cancelUrl);
        CPPUNIT_ASSERT_EQUAL(std::to_string(_cards->pearl()), setups[0].customerId);

        // Back before the provider confirmed: not saved yet, nothing listed.
        const Answer early = owner->get(page + "/saved?setup=" + setup);
        CPPUNIT_ASSERT_EQUAL(200, early.status);
        CPPUNIT_ASSERT_MESSAGE(early.body, has(early.body, "The card is not saved yet"));
        CPPUNIT_ASSERT(has(early.body, "No card is saved yet."));

        _cards->provider->finishLatestSetup("pm_visa", "visa", "4242");
        const Answer saved = owner->get(page + "/saved?setup=" + setup);
        CPPUNIT_ASSERT_EQUAL(200, saved.status);
        CPPUNIT_ASSERT_MESSAGE(saved.body, has(saved.body, "Card saved: Visa •••• 4242, expires 12/2030."));
        CPPUNIT_ASSERT(has(
            saved.body,
            "<strong translate=\"no\">Visa</strong> <span dir=\"ltr\" translate=\"no\">•••• 4242</span>"));
        CPPUNIT_ASSERT(has(saved.body, "<span dir=\"ltr\" translate=\"no\">12/2030</span>"));
        CPPUNIT_ASSERT(has(saved.body, ">Default</strong>"));
        // The only card is the default: nothing to make default, one to remove.
        CPPUNIT_ASSERT(!has(saved.body, ">Make default</button>"));
        CPPUNIT_ASSERT(has(saved.body, ">Remove</button>"));
        // Coming back again records nothing more.
        CPPUNIT_ASSERT_EQUAL(200, owner->get(page + "/saved?setup=" + setup).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             _cards->portal().payments().savedMethods(_cards->pearl()).size());
        // A setup id that is not one: not found.
        CPPUNIT_ASSERT_EQUAL(404, owner->get(page + "/saved?setup=%3Cscript%3E").status);
        CPPUNIT_ASSERT_EQUAL(404, owner->get(page + "/saved").status);
    }

    void theOwnerChangesTheDefaultAndRemovesACard()
    {
        auto owner = _cards->pearlOwner();
        saveCard(*owner, "pm_visa", "visa", "4242");
        saveCard(*owner, "pm_mc", "mastercard", "4444");
        const std::int64_t visa = methodIdOf(_cards->pearl(), "4242");
        const std::int64_t mastercard = methodIdOf(_cards->pearl(), "4444");
        CPPUNIT_ASSERT(visa != 0 && mastercard != 0);
        // The first saved is the default; the second offers "Make default".
        const Answer both = owner->get(page);
        CPPUNIT_ASSERT(has(both.body, "Mastercard"));
        CPPUNIT_ASSERT(
            has(both.body, "action=\"/billing/payment-methods/" + std::to_string(mastercard) + "/default\""));
        CPPUNIT_ASSERT(
            !has(both.body, "action=\"/billing/payment-methods/" + std::to_string(visa) + "/default\""));

        const Answer made = owner->post(page + "/" + std::to_string(mastercard) + "/default", {});
        CPPUNIT_ASSERT_EQUAL(303, made.status);
        CPPUNIT_ASSERT_EQUAL(page + "?done=default", made.header("Location"));
        CPPUNIT_ASSERT_EQUAL(mastercard, _cards->portal().payments().defaultMethod(_cards->pearl())->id);
        CPPUNIT_ASSERT(has(owner->get(page + "?done=default").body, "The default card is changed."));

        const Answer removed = owner->post(page + "/" + std::to_string(visa) + "/remove", {});
        CPPUNIT_ASSERT_EQUAL(303, removed.status);
        CPPUNIT_ASSERT_EQUAL(page + "?done=removed", removed.header("Location"));
        const Answer after = owner->get(page + "?done=removed");
        CPPUNIT_ASSERT(has(after.body, "The card is removed."));
        CPPUNIT_ASSERT(!has(after.body, "4242"));
        CPPUNIT_ASSERT(has(after.body, "4444"));
        // Forgotten at the provider too.
        const auto forgotten = _cards->provider->removed();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), forgotten.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pm_visa"), forgotten[0]);
        // Removed twice: not found the second time.
        CPPUNIT_ASSERT_EQUAL(404, owner->post(page + "/" + std::to_string(visa) + "/remove", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, owner->post(page + "/x1/default", {}).status);
    }

    void anotherOrganizationsCardsAreNotFound()
    {
        auto pearlOwner = _cards->pearlOwner();
        const std::string setup = saveCard(*pearlOwner, "pm_visa", "visa", "4242");
        const std::int64_t visa = methodIdOf(_cards->pearl(), "4242");

        auto smileOwner = _cards->smileOwner();
        auto smileDentist = _cards->smileDentist();
        const std::string id = std::to_string(visa);
        // Not found for any member of another organization (its owner and its dentist alike).
        for (HttpBrowser* browser : {smileOwner.get(), smileDentist.get()})
            for (const char* action : {"/default", "/remove"}) {
                const Answer answer = browser->post(page + "/" + id + action, {});
                CPPUNIT_ASSERT_EQUAL_MESSAGE(action, 404, answer.status);
                CPPUNIT_ASSERT(!has(answer.body, "4242"));
            }
        // Pearl's setup finished from Smile's session: nothing of Pearl's shown, nothing saved for Smile.
        const Answer other = smileOwner->get(page + "/saved?setup=" + setup);
        CPPUNIT_ASSERT(other.status == 200 || other.status == 404);
        CPPUNIT_ASSERT(!has(other.body, "4242"));
        CPPUNIT_ASSERT(!has(smileOwner->get(page).body, "4242"));
        CPPUNIT_ASSERT(_cards->portal().payments().savedMethods(_cards->smile()).empty());
        // Pearl's card is as it was.
        const auto pearls = _cards->portal().payments().savedMethods(_cards->pearl());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pearls.size());
        CPPUNIT_ASSERT(pearls[0].isDefault);
        CPPUNIT_ASSERT(_cards->provider->removed().empty());
    }

    void onlyTheOwnerManagesCards()
    {
        auto owner = _cards->pearlOwner();
        saveCard(*owner, "pm_visa", "visa", "4242");
        const std::string id = std::to_string(methodIdOf(_cards->pearl(), "4242"));
        auto dentist = _cards->pearlDentist();
        auto clerk = _cards->clerk();
        for (HttpBrowser* browser : {dentist.get(), clerk.get()}) {
            CPPUNIT_ASSERT_EQUAL(403, browser->get(page).status);
            CPPUNIT_ASSERT_EQUAL(403, browser->get(page + "/saved?setup=abc").status);
            CPPUNIT_ASSERT_EQUAL(403, browser->post(page, {{"provider", TestCardProvider::name}}).status);
            CPPUNIT_ASSERT_EQUAL(403, browser->post(page + "/" + id + "/default", {}).status);
            CPPUNIT_ASSERT_EQUAL(403, browser->post(page + "/" + id + "/remove", {}).status);
        }
        // The dentist's menu has no link to it.
        CPPUNIT_ASSERT(!has(dentist->get("/billing/invoices").body, "href=\"/billing/payment-methods\""));
        // Without the CSRF token nothing is changed.
        CPPUNIT_ASSERT_EQUAL(403, owner->postRaw(page + "/" + id + "/remove", {}).status);
        CPPUNIT_ASSERT_EQUAL(403, owner->postRaw(page, {}).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             _cards->portal().payments().savedMethods(_cards->pearl()).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _cards->provider->setups().size());
    }

    void theOwnerChoosesAmongProvidersThatKeepCards()
    {
        auto other = std::make_shared<TestCardProvider>("othercard", "Other card");
        _cards->portal().paymentProviders().add("cards-test-2", other, nullptr);
        auto owner = _cards->pearlOwner();
        const Answer choice = owner->get(page);
        CPPUNIT_ASSERT(has(choice.body, "<legend>Save the card with</legend>"));
        CPPUNIT_ASSERT_MESSAGE(choice.body,
                               has(choice.body, "<label for=\"provider-othercard\">Other card</label>"));
        CPPUNIT_ASSERT(has(choice.body, "<label for=\"provider-testcard\">Test card</label>"));
        // None chosen: the choice again with the refusal beside it, nothing started.
        const Answer none = owner->post(page, {});
        CPPUNIT_ASSERT_EQUAL(400, none.status);
        CPPUNIT_ASSERT_MESSAGE(none.body,
                               has(none.body, "<p id=\"provider-error\" class=\"field-error\">Choose where "
                                              "to save the card.</p>"));
        CPPUNIT_ASSERT(has(none.body, "aria-describedby=\"provider-error\""));
        // A provider that keeps no cards, or none at all by that name: refused alike.
        CPPUNIT_ASSERT_EQUAL(400, owner->post(page, {{"provider", "bank"}}).status);
        CPPUNIT_ASSERT(_cards->provider->setups().empty() && other->setups().empty());
        // The second one chosen: its page, and the card saved with it.
        const Answer handoff = owner->post(page, {{"provider", "othercard"}});
        CPPUNIT_ASSERT_EQUAL(200, handoff.status);
        CPPUNIT_ASSERT(has(handoff.body, ">Continue to Other card</a>"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), other->setups().size());
        CPPUNIT_ASSERT(_cards->provider->setups().empty());
        const std::string setup = other->finishLatestSetup("pm_other", "amex", "0005");
        const Answer saved = owner->get(page + "/saved?setup=" + setup);
        CPPUNIT_ASSERT_MESSAGE(saved.body, has(saved.body, "Card saved: American Express •••• 0005"));
        const auto methods = _cards->portal().payments().savedMethods(_cards->pearl());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), methods.size());
        CPPUNIT_ASSERT_EQUAL(std::string("othercard"), methods[0].provider);
    }

    void prepayAndAutopayNeedACardOnFile()
    {
        const std::int64_t pearl = _cards->pearl();
        std::string why;
        CPPUNIT_ASSERT_MESSAGE(why, _cards->portal().accounts().isActivated(pearl, why));

        auto clerk = _cards->clerk();
        const Answer set = clerk->post("/lab/billing/accounts/" + std::to_string(pearl),
                                       {{"mode", "prepay"}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(set.body, 303, set.status);
        CPPUNIT_ASSERT(!_cards->portal().accounts().isActivated(pearl, why));
        CPPUNIT_ASSERT_MESSAGE(why, has(why, "/billing/payment-methods"));
        // The owner's page says so too; the lab's accounts page says Pearl has none and needs one.
        auto owner = _cards->pearlOwner();
        CPPUNIT_ASSERT(has(owner->get(page).body, "charges a card on file"));
        // The owner's billing mode page leads there.
        CPPUNIT_ASSERT(has(owner->get("/billing/account").body,
                           "<a href=\"/billing/payment-methods\">Payment methods</a>"));
        const Answer accounts = clerk->get("/lab/billing/accounts");
        CPPUNIT_ASSERT_EQUAL(200, accounts.status);
        CPPUNIT_ASSERT(has(accounts.body, "Card on file"));
        CPPUNIT_ASSERT_MESSAGE(accounts.body,
                               has(accounts.body, "None <strong>(its mode needs one)</strong>"));

        saveCard(*owner, "pm_visa", "visa", "4242");
        CPPUNIT_ASSERT_MESSAGE(why, _cards->portal().accounts().isActivated(pearl, why));
        CPPUNIT_ASSERT(has(clerk->get("/lab/billing/accounts").body, "Visa •••• 4242, expires 12/2030"));
        CPPUNIT_ASSERT(!has(owner->get(page).body, "charges a card on file"));

        // Autopay needs it as well; removing the only card takes the organization's activation away.
        CPPUNIT_ASSERT_EQUAL(303, clerk
                                      ->post("/lab/billing/accounts/" + std::to_string(pearl),
                                             {{"mode", "autopay"}, {"netTermsDays", "30"}})
                                      .status);
        CPPUNIT_ASSERT(_cards->portal().accounts().isActivated(pearl, why));
        const std::string id = std::to_string(methodIdOf(pearl, "4242"));
        CPPUNIT_ASSERT_EQUAL(303, owner->post(page + "/" + id + "/remove", {}).status);
        CPPUNIT_ASSERT(!_cards->portal().accounts().isActivated(pearl, why));
        // Smile, on net terms, is not asked for one.
        CPPUNIT_ASSERT_MESSAGE(why, _cards->portal().accounts().isActivated(_cards->smile(), why));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PaymentMethodsTest);
