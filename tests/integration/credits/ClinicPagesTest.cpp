// The clinic's credits pages through HTTP with the real plugins: the owner reads and acts,
// the organization's other members read and are refused every action (403), the lab has no
// /credits; another organization's top-up is not found and its card setup saves nothing;
// a pack bought by bank transfer shows the reference and the lab's IBAN and lands when the
// clerk records the money; auto top-up keeps what was typed beside its error; the activity's
// filters and its CSV (byte order mark, header, Arabic intact); /pricing with the packs and,
// for an organization with a custom discount, its own prices. Both databases.
#include "CreditsPortal.h"

#include "ledger/CreditLedger.h"

#include <mutex>

using namespace molar;
using namespace molar::test;

namespace {

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::size_t occurrences(const std::string& text, const std::string& part)
{
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size()))
        ++n;
    return n;
}

// An entry the lab would make, written through the plugin's ledger.
void adjust(CreditsPortal& p, std::int64_t organization, std::int64_t minor, const std::string& reason,
            const std::string& key)
{
    p.db().transaction([&](sdk::Transaction& tx) {
        credits::CreditAccount account = p.ledger().lock(tx, organization, p.nowMillis());
        credits::LedgerEntry entry;
        entry.organizationId = organization;
        entry.kind = credits::EntryKind::Adjustment;
        entry.amountMinor = minor;
        entry.currency = "QAR";
        entry.sourceKey = "adjustment:" + key;
        entry.reason = reason;
        entry.actorUserId = 1;
        entry.actorName = "Lab Admin";
        entry.createdAt = p.nowMillis();
        p.ledger().append(tx, account, entry);
    });
}

void setDiscount(CreditsPortal& p, std::int64_t organization, int basisPoints)
{
    p.ledger().ensureAccount(p.db(), organization, p.nowMillis());
    p.db().transaction([&](sdk::Transaction& tx) {
        credits::CreditAccount account = p.ledger().lock(tx, organization, p.nowMillis());
        account.discountBasisPoints = basisPoints;
        p.ledger().saveSettings(tx, account);
    });
}

// The top-up's id from the address a POST sent the payer on to.
std::int64_t topUpIn(const Answer& answer)
{
    const std::string prefix = "/credits/topups/";
    const std::string location = answer.header("Location");
    const auto at = location.find(prefix);
    CPPUNIT_ASSERT_MESSAGE(location, at != std::string::npos);
    return std::stoll(location.substr(at + prefix.size()));
}

} // namespace

class ClinicPagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ClinicPagesTest);
    CPPUNIT_TEST(pagesRenderForTheOwner);
    CPPUNIT_TEST(membersReadButOnlyTheOwnerActs);
    CPPUNIT_TEST(buyingByBankTransferShowsTheReference);
    CPPUNIT_TEST(buyingByCardContinuesToTheProvider);
    CPPUNIT_TEST(anotherOrganizationsTopUpIsNotFound);
    CPPUNIT_TEST(anotherOrganizationsSetupSavesNothing);
    CPPUNIT_TEST(autoTopUpKeepsWhatWasTypedBesideItsError);
    CPPUNIT_TEST(activityFiltersByKindAndDays);
    CPPUNIT_TEST(theCsvHasTheBomTheHeaderAndArabicIntact);
    CPPUNIT_TEST(pricingShowsThePacksAndAnOwnersDiscount);
    CPPUNIT_TEST(aCardPayerBackSeesTheProvidersAnswer);
    CPPUNIT_TEST(activityPagesOlderEntries);
    CPPUNIT_TEST(heldCasesLinkToTheirCase);
    CPPUNIT_TEST(theDashboardTellsTheBalance);
    CPPUNIT_TEST(aReaderInArabicInIndiaGetsTheirWordsAndTimes);
    CPPUNIT_TEST(thePortalsReasonsReadInTheReadersLanguage);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<CreditsPortal> _p;

public:
    void setUp() override { _p = std::make_unique<CreditsPortal>(); }
    void tearDown() override { _p.reset(); }

    void pagesRenderForTheOwner()
    {
        auto owner = _p->pearlOwner();
        const Answer page = owner->get("/credits");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(page.body, 200, page.status);
        CPPUNIT_ASSERT(has(page.body, "<strong dir=\"auto\" translate=\"no\">QAR\u00a00.00</strong>"));
        for (const char* pack : {"Starter", "Growth", "Practice", "Group"})
            CPPUNIT_ASSERT_MESSAGE(pack, has(page.body, std::string(">Buy ") + pack + "</button>"));
        CPPUNIT_ASSERT(has(page.body, "Most popular"));
        CPPUNIT_ASSERT(has(page.body, "Save 12%"));
        // A radio per provider taking QAR, labelled as payers know it, per pack.
        CPPUNIT_ASSERT(has(page.body, "<label for=\"pack-starter-bank\">Bank transfer</label>"));
        CPPUNIT_ASSERT(has(page.body, "<label for=\"pack-group-cardtest\">Test card</label>"));
        // No card yet: auto top-up starts with adding one.
        CPPUNIT_ASSERT(has(page.body, ">Add a card to enable</button>"));
        CPPUNIT_ASSERT(has(page.body, "<label for=\"auto-threshold\">"));
        // The menu links the pages.
        CPPUNIT_ASSERT(has(page.body, "href=\"/credits\""));
        CPPUNIT_ASSERT(has(page.body, "href=\"/pricing\""));

        const Answer activity = owner->get("/credits/activity");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(activity.body, 200, activity.status);
        CPPUNIT_ASSERT(has(activity.body, "No credit activity yet."));
        CPPUNIT_ASSERT(has(activity.body, "<label for=\"activity-from\">"));
        CPPUNIT_ASSERT_EQUAL(200, owner->get("/pricing").status);
    }

    void membersReadButOnlyTheOwnerActs()
    {
        const std::int64_t topup =
            topUpIn(_p->pearlOwner()->post("/credits/topups", {{"pack", "starter"}, {"provider", "bank"}}));
        auto dentist = _p->pearlDentist();
        const Answer page = dentist->get("/credits");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(page.body, 200, page.status);
        CPPUNIT_ASSERT(has(page.body, "QAR\u00a00.00"));
        CPPUNIT_ASSERT(has(page.body, "owner can buy credits and change auto top-up."));
        CPPUNIT_ASSERT(!has(page.body, ">Buy Starter</button>"));
        CPPUNIT_ASSERT(!has(page.body, "action=\"/credits/auto-top-up\""));
        CPPUNIT_ASSERT_EQUAL(200, dentist->get("/credits/activity").status);
        CPPUNIT_ASSERT_EQUAL(200, dentist->get("/credits/activity.csv").status);
        CPPUNIT_ASSERT_EQUAL(200, dentist->get("/credits/topups/" + std::to_string(topup)).status);

        const std::int64_t before = _p->count("SELECT COUNT(*) FROM credits_topups");
        CPPUNIT_ASSERT_EQUAL(
            403, dentist->post("/credits/topups", {{"pack", "starter"}, {"provider", "bank"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            403, dentist->post("/credits/auto-top-up", {{"threshold", "10.00"}, {"pack", "starter"}}).status);
        CPPUNIT_ASSERT_EQUAL(403, dentist->post("/credits/card", {}).status);
        CPPUNIT_ASSERT_EQUAL(403, dentist->get("/credits/card/abc").status);
        CPPUNIT_ASSERT_EQUAL(before, _p->count("SELECT COUNT(*) FROM credits_topups"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             _p->count("SELECT COUNT(*) FROM credits_accounts WHERE threshold_minor <> 0"));

        // The lab has no /credits.
        auto technician = _p->technician();
        CPPUNIT_ASSERT(technician->get("/credits").status >= 400);
        CPPUNIT_ASSERT(technician->get("/credits/activity.csv").status >= 400);
    }

    void buyingByBankTransferShowsTheReference()
    {
        auto owner = _p->pearlOwner();
        const Answer bought = owner->post("/credits/topups", {{"pack", "starter"}, {"provider", "bank"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(bought.body, 303, bought.status);
        const std::int64_t topup = topUpIn(bought);
        const std::string attempt = _p->text("SELECT attempt_id FROM credits_topups WHERE id = ?", {topup});
        const std::string reference = _p->portal().payments().attempt(attempt)->payerReference;
        CPPUNIT_ASSERT(!reference.empty());

        const Answer page = owner->get("/credits/topups/" + std::to_string(topup));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(page.body, 200, page.status);
        CPPUNIT_ASSERT_MESSAGE(page.body, has(page.body, "<strong dir=\"ltr\">" + reference + "</strong>"));
        CPPUNIT_ASSERT(has(page.body, "QA58 DOHB"));
        CPPUNIT_ASSERT(has(page.body, "QAR\u00a09,500.00"));
        CPPUNIT_ASSERT(has(page.body, "Awaiting payment"));
        // A second "Buy" of the same pack by transfer shows the same reference.
        const Answer again = owner->post("/credits/topups", {{"pack", "starter"}, {"provider", "bank"}});
        CPPUNIT_ASSERT_EQUAL(topup, topUpIn(again));

        _p->bankReceived(reference, "9,500.00", "TX-H5-1");
        _p->settle();
        const Answer credited = owner->get("/credits/topups/" + std::to_string(topup));
        CPPUNIT_ASSERT_MESSAGE(credited.body, has(credited.body, "Credited"));
        CPPUNIT_ASSERT(!has(credited.body, "QA58 DOHB"));
        CPPUNIT_ASSERT(has(owner->get("/credits").body,
                           "<strong dir=\"auto\" translate=\"no\">QAR\u00a010,000.00</strong>"));
    }

    void buyingByCardContinuesToTheProvider()
    {
        auto owner = _p->pearlOwner();
        const Answer handoff = owner->post("/credits/topups", {{"pack", "growth"}, {"provider", "cardtest"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(handoff.body, 200, handoff.status);
        const std::string attempt = _p->text("SELECT attempt_id FROM credits_topups ORDER BY id DESC");
        const std::string to = "https://cards.example/checkout/" + attempt;
        CPPUNIT_ASSERT_EQUAL("0;url=" + to, handoff.header("Refresh"));
        CPPUNIT_ASSERT(has(handoff.body, "href=\"" + to + "\""));
        CPPUNIT_ASSERT(has(handoff.body, ">Continue to Test card</a>"));
        // The provider sends the payer back to the top-up's page.
        const std::int64_t topup = _p->count("SELECT MAX(id) FROM credits_topups");
        CPPUNIT_ASSERT(_p->cardPaid(attempt, 1800000));
        const Answer back = owner->get("/credits/topups/" + std::to_string(topup));
        CPPUNIT_ASSERT_EQUAL(200, back.status);
        CPPUNIT_ASSERT_MESSAGE(back.body, has(back.body, "The credits are in your balance."));

        // A provider nobody offers: refused beside the pack, nothing opened.
        const Answer refused = owner->post("/credits/topups", {{"pack", "growth"}, {"provider", "nope"}});
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        CPPUNIT_ASSERT(has(refused.body, "id=\"pack-growth-error\""));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _p->count("SELECT COUNT(*) FROM credits_topups"));
    }

    void anotherOrganizationsTopUpIsNotFound()
    {
        auto owner = _p->pearlOwner();
        const std::int64_t topup =
            topUpIn(owner->post("/credits/topups", {{"pack", "starter"}, {"provider", "bank"}}));
        const std::string attempt = _p->text("SELECT attempt_id FROM credits_topups WHERE id = ?", {topup});
        const std::string reference = _p->portal().payments().attempt(attempt)->payerReference;
        auto smile = _p->smileOwner();
        const Answer other = smile->get("/credits/topups/" + std::to_string(topup));
        CPPUNIT_ASSERT_EQUAL(404, other.status);
        CPPUNIT_ASSERT(!has(other.body, reference));
        CPPUNIT_ASSERT_EQUAL(404, smile->get("/credits/topups/999999").status);
        CPPUNIT_ASSERT_EQUAL(404, smile->get("/credits/topups/x1").status);
        CPPUNIT_ASSERT(!has(smile->get("/credits").body, reference));
    }

    void anotherOrganizationsSetupSavesNothing()
    {
        auto owner = _p->pearlOwner();
        const Answer handoff = owner->post("/credits/card", {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(handoff.body, 200, handoff.status);
        const std::string refresh = handoff.header("Refresh");
        const std::string prefix = "0;url=https://cards.example/setup/";
        CPPUNIT_ASSERT_MESSAGE(refresh, refresh.rfind(prefix, 0) == 0);
        const std::string setup = refresh.substr(prefix.size());

        auto smile = _p->smileOwner();
        const Answer other = smile->get("/credits/card/" + setup);
        CPPUNIT_ASSERT(other.status == 200 || other.status == 404);
        CPPUNIT_ASSERT(!has(other.body, "4242"));
        CPPUNIT_ASSERT(_p->portal().payments().savedMethods(_p->smile()).empty());
        CPPUNIT_ASSERT(_p->portal().payments().savedMethods(_p->pearl()).empty());
        CPPUNIT_ASSERT_EQUAL(404, owner->get("/credits/card/%3Cscript%3E").status);

        // Pearl's owner back from the provider: the card is saved and shown.
        const Answer back = owner->get("/credits/card/" + setup);
        CPPUNIT_ASSERT_EQUAL(200, back.status);
        CPPUNIT_ASSERT_MESSAGE(back.body, has(back.body, "Card saved: Visa •••• 4242."));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _p->portal().payments().savedMethods(_p->pearl()).size());
        CPPUNIT_ASSERT(!has(back.body, ">Add a card to enable</button>"));
        CPPUNIT_ASSERT(
            has(back.body, "<a href=\"/billing/payment-methods\">Add, change or remove saved cards</a>"));
    }

    void autoTopUpKeepsWhatWasTypedBesideItsError()
    {
        auto owner = _p->pearlOwner();
        const Answer handoff = owner->post("/credits/card", {});
        const std::string setup =
            handoff.header("Refresh").substr(std::string("0;url=https://cards.example/setup/").size());
        CPPUNIT_ASSERT_EQUAL(200, owner->get("/credits/card/" + setup).status);
        const std::string method = std::to_string(_p->portal().payments().savedMethods(_p->pearl()).at(0).id);

        const Answer refused = owner->post(
            "/credits/auto-top-up",
            {{"threshold", "3,000.0x"}, {"pack", "growth"}, {"method", method}, {"enabled", "on"}});
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        CPPUNIT_ASSERT(has(refused.body, "id=\"auto-threshold-error\""));
        CPPUNIT_ASSERT(has(refused.body, "value=\"3,000.0x\""));
        CPPUNIT_ASSERT(has(refused.body, "<option value=\"growth\" selected>"));
        CPPUNIT_ASSERT(has(refused.body, "name=\"enabled\" value=\"on\" checked"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             _p->count("SELECT COUNT(*) FROM credits_accounts WHERE auto_enabled = 1"));

        // A card that is not the organization's: the service's refusal, in words, beside the card.
        const Answer notOurs = owner->post(
            "/credits/auto-top-up",
            {{"threshold", "3,000.00"}, {"pack", "growth"}, {"method", "999999"}, {"enabled", "on"}});
        CPPUNIT_ASSERT_EQUAL(400, notOurs.status);
        CPPUNIT_ASSERT_MESSAGE(
            notOurs.body,
            has(notOurs.body,
                "<p id=\"auto-method-error\" class=\"field-error\">Choose one of your saved cards"));
        CPPUNIT_ASSERT(has(notOurs.body, "value=\"3,000.00\""));

        // Off, with a threshold: saved, nothing charged.
        const Answer saved = owner->post("/credits/auto-top-up",
                                         {{"threshold", "3,000.00"}, {"pack", "growth"}, {"method", method}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(saved.body, 303, saved.status);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(300000),
            _p->count("SELECT threshold_minor FROM credits_accounts WHERE organization_id = ?",
                      {_p->pearl()}));
        const Answer page = owner->get("/credits?done=auto");
        CPPUNIT_ASSERT(has(page.body, "Auto top-up settings saved."));
        CPPUNIT_ASSERT(has(page.body, "Auto top-up is off."));
        CPPUNIT_ASSERT(has(page.body, "value=\"3,000.00\""));
        CPPUNIT_ASSERT(has(page.body, "Visa •••• 4242"));
    }

    void activityFiltersByKindAndDays()
    {
        const std::int64_t pearl = _p->pearl();
        adjust(*_p, pearl, 500000, "Opening balance", "h5-open");
        _p->clock.advance(std::chrono::hours(24)); // Wednesday 13 May
        adjust(*_p, pearl, -25000, "Remake charge", "h5-remake");
        _p->toppedUp(pearl, "starter");
        adjust(*_p, _p->smile(), 70000, "Smile's own", "h5-smile");

        auto owner = _p->pearlOwner();
        const Answer all = owner->get("/credits/activity");
        CPPUNIT_ASSERT_EQUAL(200, all.status);
        CPPUNIT_ASSERT(has(all.body, "<caption>Credit activity, newest first</caption>"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3),
                             occurrences(all.body, "<th scope=\"row\" dir=\"auto\" translate=\"no\">"));
        CPPUNIT_ASSERT(!has(all.body, "Smile's own"));
        CPPUNIT_ASSERT(has(all.body, "-QAR\u00a0250.00"));
        CPPUNIT_ASSERT(has(all.body, "QAR\u00a014,750.00")); // after the top-up

        const Answer topups = owner->get("/credits/activity?kind=topup");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             occurrences(topups.body, "<th scope=\"row\" dir=\"auto\" translate=\"no\">"));
        CPPUNIT_ASSERT(has(topups.body, "<option value=\"topup\" selected>"));
        CPPUNIT_ASSERT(has(topups.body, "href=\"/credits/activity.csv?kind=topup\""));

        // Days in Qatar: Tuesday holds the opening balance only.
        const Answer tuesday = owner->get("/credits/activity?from=2026-05-12&to=2026-05-12");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             occurrences(tuesday.body, "<th scope=\"row\" dir=\"auto\" translate=\"no\">"));
        CPPUNIT_ASSERT(has(tuesday.body, "Opening balance"));
        const Answer later = owner->get("/credits/activity?from=2026-05-14");
        CPPUNIT_ASSERT(has(later.body, "Nothing matches these filters."));

        // A day that is not one: said beside its field, the typed text kept.
        const Answer bad = owner->get("/credits/activity?from=2026-13-01&kind=debit");
        CPPUNIT_ASSERT_EQUAL(400, bad.status);
        CPPUNIT_ASSERT(has(bad.body, "id=\"activity-from-error\""));
        CPPUNIT_ASSERT(has(bad.body, "value=\"2026-13-01\""));
        CPPUNIT_ASSERT_EQUAL(400, owner->get("/credits/activity.csv?to=yesterday").status);
    }

    void theCsvHasTheBomTheHeaderAndArabicIntact()
    {
        const std::int64_t pearl = _p->pearl();
        adjust(*_p, pearl, 500000, "رصيد افتتاحي، مع \"ملاحظة\"", "h5-arabic");
        adjust(*_p, pearl, -1050, "=1+1", "h5-formula");
        adjust(*_p, _p->smile(), 70000, "Smile's own", "h5-smile");

        auto dentist = _p->pearlDentist();
        const Answer csv = dentist->get("/credits/activity.csv");
        CPPUNIT_ASSERT_EQUAL(200, csv.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/csv; charset=utf-8"), csv.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("attachment; filename=\"credits-activity-2026-05-12.csv\""),
                             csv.header("Content-Disposition"));
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBF"), csv.body.substr(0, 3));
        const std::string header =
            "Date and time,Kind,Amount (QAR),Balance after (QAR),Case number,Reason,By\r\n";
        CPPUNIT_ASSERT_EQUAL(header, csv.body.substr(3, header.size()));
        // Newest first; the formula stays text; the Arabic reason byte for byte, quoted.
        CPPUNIT_ASSERT_MESSAGE(
            csv.body, has(csv.body, "2026-05-12 09:00,Adjustment,-10.50,4989.50,,'=1+1,Lab Admin\r\n"));
        CPPUNIT_ASSERT_MESSAGE(csv.body, has(csv.body, "2026-05-12 09:00,Adjustment,5000.00,5000.00,,\"رصيد "
                                                       "افتتاحي، مع \"\"ملاحظة\"\"\",Lab Admin\r\n"));
        CPPUNIT_ASSERT(!has(csv.body, "Smile's own"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), occurrences(csv.body, "\r\n"));

        // The same filters as the page.
        const Answer none = dentist->get("/credits/activity.csv?kind=debit");
        CPPUNIT_ASSERT_EQUAL(header, none.body.substr(3));
    }

    void pricingShowsThePacksAndAnOwnersDiscount()
    {
        auto visitor = std::make_unique<HttpBrowser>(_p->portal());
        const Answer page = visitor->get("/pricing");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(page.body, 200, page.status);
        for (const char* pack : {"Starter", "Growth", "Practice", "Group"})
            CPPUNIT_ASSERT_MESSAGE(pack, has(page.body, pack));
        for (const char* text :
             {"QAR\u00a09,500.00", "QAR\u00a018,000.00", "QAR\u00a026,400.00", "QAR\u00a042,500.00",
              "Save 5%", "Save 10%", "Save 12%", "Save 15%", "Most popular", "Zirconia crown",
              "International shipping is quoted per case."})
            CPPUNIT_ASSERT_MESSAGE(text, has(page.body, text));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), occurrences(page.body, "Most popular"));

        // Pearl has a custom 20% discount: its owner sees its own prices beside the list's.
        setDiscount(*_p, _p->pearl(), 2000);
        const Answer owners = _p->pearlOwner()->get("/pricing");
        CPPUNIT_ASSERT(has(owners.body, "discount of 20% is in these prices."));
        CPPUNIT_ASSERT(has(owners.body, "<span dir=\"auto\" translate=\"no\">QAR\u00a08,000.00</span>"));
        CPPUNIT_ASSERT(has(owners.body, "<s dir=\"auto\" translate=\"no\">QAR\u00a09,500.00</s>"));
        CPPUNIT_ASSERT(has(owners.body, "Save 20%"));
        // Group's own 15% is less than 20% too; nothing beats a pack's own larger discount.
        CPPUNIT_ASSERT(has(owners.body, "<span dir=\"auto\" translate=\"no\">QAR\u00a040,000.00</span>"));
        // Smile has none.
        CPPUNIT_ASSERT(!has(_p->smileOwner()->get("/pricing").body, "QAR\u00a08,000.00"));
        // The Credits page buys at the same price.
        CPPUNIT_ASSERT(has(_p->pearlOwner()->get("/credits").body,
                           "<span dir=\"auto\" translate=\"no\">QAR\u00a08,000.00</span>"));
    }
    void aCardPayerBackSeesTheProvidersAnswer()
    {
        auto owner = _p->pearlOwner();
        CPPUNIT_ASSERT_EQUAL(
            200, owner->post("/credits/topups", {{"pack", "starter"}, {"provider", "cardtest"}}).status);
        const std::int64_t topup = _p->count("SELECT MAX(id) FROM credits_topups");
        const std::string attempt = _p->text("SELECT attempt_id FROM credits_topups WHERE id = ?", {topup});
        const std::string page = "/credits/topups/" + std::to_string(topup);
        // Back before paying: still waiting.
        const Answer early = owner->get(page);
        CPPUNIT_ASSERT_EQUAL(200, early.status);
        CPPUNIT_ASSERT(has(early.body, "Awaiting payment"));
        // Paid at the provider, its webhook not come yet: the page asks and the pack lands once.
        {
            std::lock_guard<std::mutex> lock(_p->provider->_mutex);
            sdk::PaymentResult paid;
            paid.state = sdk::PaymentState::Succeeded;
            paid.providerPaymentId = "pi_" + attempt;
            paid.amount = {950000, "QAR"};
            paid.capturedMinor = 950000;
            _p->provider->payments[attempt] = paid;
        }
        const Answer back = owner->get(page);
        CPPUNIT_ASSERT_MESSAGE(back.body, has(back.body, "The credits are in your balance."));
        CPPUNIT_ASSERT_EQUAL(200, owner->get(page).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), _p->balance(_p->pearl()));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _p->entries(_p->pearl(), "topup"));
        _p->assertBalanced(_p->pearl());
    }

    void activityPagesOlderEntries()
    {
        const std::int64_t pearl = _p->pearl();
        for (int i = 1; i <= 52; ++i)
            adjust(*_p, pearl, 100, "Entry " + std::to_string(i), "h5-page-" + std::to_string(i));
        auto owner = _p->pearlOwner();
        const Answer first = owner->get("/credits/activity?kind=adjustment");
        CPPUNIT_ASSERT_EQUAL(std::size_t(50),
                             occurrences(first.body, "<th scope=\"row\" dir=\"auto\" translate=\"no\">"));
        CPPUNIT_ASSERT(has(first.body, ">Entry 52<"));
        CPPUNIT_ASSERT(!has(first.body, ">Entry 2<"));
        const std::string marker = "<a href=\"/credits/activity?kind=adjustment&amp;before=";
        const auto at = first.body.find(marker);
        CPPUNIT_ASSERT_MESSAGE(first.body, at != std::string::npos);
        const std::string cursor = first.body.substr(
            at + marker.size(), first.body.find('"', at + marker.size()) - at - marker.size());
        const Answer older = owner->get("/credits/activity?kind=adjustment&before=" + cursor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             occurrences(older.body, "<th scope=\"row\" dir=\"auto\" translate=\"no\">"));
        CPPUNIT_ASSERT(has(older.body, ">Entry 1<"));
        CPPUNIT_ASSERT(has(older.body, ">Entry 2<"));
        CPPUNIT_ASSERT(!has(older.body, "rel=\"next\""));
        // Another organization's entries never page in.
        CPPUNIT_ASSERT(!has(_p->smileOwner()->get("/credits/activity?before=" + cursor).body, "Entry 1<"));
        // The CSV has every entry of the filter.
        const Answer csv = owner->get("/credits/activity.csv?kind=adjustment");
        CPPUNIT_ASSERT_EQUAL(std::size_t(53), occurrences(csv.body, "\r\n"));
    }

    void heldCasesLinkToTheirCase()
    {
        const std::int64_t pearl = _p->pearl();
        _p->useCredits(pearl);
        const std::int64_t id = _p->submitCase("P-H5-01");
        const std::string number = _p->number(id);
        auto owner = _p->pearlOwner();
        const Answer page = owner->get("/credits");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT_MESSAGE(page.body, has(page.body, "Cases waiting for credit"));
        CPPUNIT_ASSERT(
            has(page.body, "<a href=\"/cases/" + std::to_string(id) + "\" dir=\"ltr\">" + number + "</a>"));
        CPPUNIT_ASSERT(has(page.body, "QAR\u00a0450.00"));
        // Smile's owner sees none of it.
        const Answer smile = _p->smileOwner()->get("/credits");
        CPPUNIT_ASSERT(!has(smile.body, number));
        CPPUNIT_ASSERT(!has(smile.body, "Cases waiting for credit"));
    }
    void theDashboardTellsTheBalance()
    {
        adjust(*_p, _p->pearl(), 1234500, "Opening balance", "h5-dashboard");
        const Answer pearl = _p->pearlDentist()->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, pearl.status);
        CPPUNIT_ASSERT_MESSAGE(pearl.body, has(pearl.body, "<p>Credit balance: QAR\u00a012,345.00</p>"));
        CPPUNIT_ASSERT(has(pearl.body, "<a href=\"/credits\">Open credits</a>"));
        const Answer smile = _p->smileOwner()->get("/cases/dashboard");
        CPPUNIT_ASSERT(has(smile.body, "<p>Credit balance: QAR\u00a00.00</p>"));
        CPPUNIT_ASSERT(!has(smile.body, "12,345.00"));
    }
    void aReaderInArabicInIndiaGetsTheirWordsAndTimes()
    {
        adjust(*_p, _p->pearl(), 500000, "Opening balance", "h5-arabic-reader");
        _p->db().execute("UPDATE molar_users SET language = 'ar', time_zone = 'Asia/Kolkata' WHERE email = ?",
                         {std::string("dentist@pearl.example")});
        auto dentist = _p->pearlDentist();
        const Answer csv = dentist->get("/credits/activity.csv");
        CPPUNIT_ASSERT_EQUAL(200, csv.status);
        const std::string header =
            "\xEF\xBB\xBF"
            "التاريخ والوقت,النوع,المبلغ (QAR),الرصيد بعده (QAR),رقم الحالة,السبب,بواسطة\r\n";
        CPPUNIT_ASSERT_EQUAL(header, csv.body.substr(0, header.size()));
        // 06:00 UTC is 11:30 in India.
        CPPUNIT_ASSERT_MESSAGE(
            csv.body, has(csv.body, "2026-05-12 11:30,تسوية,5000.00,5000.00,,Opening balance,Lab Admin\r\n"));
        const Answer page = dentist->get("/credits");
        CPPUNIT_ASSERT(has(page.body, "رصيد الأرصدة"));
        const Answer activity = dentist->get("/credits/activity?from=2026-05-12&to=2026-05-12");
        // 06:00 UTC in India, as Arabic writes it: 12/05/2026, 11:30 AM.
        CPPUNIT_ASSERT_MESSAGE(activity.body,
                               has(activity.body,
                                   "\u0661\u0662\u200f/\u0660\u0665\u200f/\u0662\u0660\u0662\u0666\u060c "
                                   "\u0661\u0661:\u0663\u0660 \u0635"));
        CPPUNIT_ASSERT(has(activity.body, "<caption>نشاط الرصيد، الأحدث أولًا</caption>"));
    }

    void thePortalsReasonsReadInTheReadersLanguage()
    {
        // A pack bought and paid, then part of it refunded: two entries with the portal's reasons.
        const auto started = _p->startTopUp(_p->pearl(), "starter");
        CPPUNIT_ASSERT(_p->cardPaid(started.attemptId, started.priceMinor));
        CPPUNIT_ASSERT(_p->providerRefunded(CreditsPortal::kCard, started.attemptId, 475000, "re_reasons"));
        const std::string reference = "TOPUP-" + std::to_string(started.topupId);
        // Stored in English too, for the audit's readers and entries read without a catalog.
        MOLAR_ASSERT_CONTAINS(
            "Starter credit pack (" + reference + ")",
            _p->db()
                .query("SELECT reason FROM credits_ledger WHERE kind = 'topup' AND topup_id = ?",
                       {started.topupId})
                .get(0, "reason")
                .toString());

        auto owner = _p->pearlOwner();
        const std::string english = owner->get("/credits/activity").body;
        MOLAR_ASSERT_CONTAINS("Starter credit pack (" + reference + ")", english);
        MOLAR_ASSERT_CONTAINS("Refund of QAR\u00a04,750.00 paid for " + reference, english);

        _p->db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'owner@pearl.example'");
        const std::string arabicAmount = _p->portal().locales().money({475000, "QAR"}, "ar");
        const std::string arabic =
            owner->get("/credits/activity").body + owner->get("/credits/activity.csv").body;
        MOLAR_ASSERT_CONTAINS("باقة الرصيد البداية (" + reference + ")", arabic);
        MOLAR_ASSERT_CONTAINS("استرداد " + arabicAmount + " مدفوعة مقابل " + reference, arabic);
        for (const char* english : {"credit pack", "Refund of", "credits.reason"})
            MOLAR_ASSERT_NOT_CONTAINS(english, arabic);

        // The lab's page of the organization words them for its reader too.
        _p->db().execute("UPDATE molar_users SET language = 'fr' WHERE email = 'admin@lab.example'");
        const std::string french = _p->labAdmin()->get("/lab/credits/" + std::to_string(_p->pearl())).body;
        MOLAR_ASSERT_CONTAINS("Pack de crédits", french);
        MOLAR_ASSERT_CONTAINS("Remboursement de " + _p->portal().locales().money({475000, "QAR"}, "fr"),
                              french);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClinicPagesTest);
