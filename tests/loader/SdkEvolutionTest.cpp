// The SDK's evolution rule (Version.h, docs/sdk.md): interfaces are never copied or
// moved, a name renamed in a minor version keeps answering for older plugins, the
// structs of SDK 1.6's payments never grow (1.7 adds new structs and a probed
// interface instead), a provider written for 1.6 still builds and is asked
// only what it can answer, Views written before 1.8 show no panels, and
// Notifications written before 1.9 take channels and ignore secret links.
#include "molar/sdk/Sdk.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sstream>
#include <type_traits>

using namespace molar::sdk;

namespace {

template <typename... Interfaces> constexpr bool noneCopyableOrMovable()
{
    return ((!std::is_copy_constructible_v<Interfaces> && !std::is_copy_assignable_v<Interfaces> &&
             !std::is_move_constructible_v<Interfaces> && !std::is_move_assignable_v<Interfaces>)&&...);
}

// Every interface of the SDK: one that becomes copyable fails this build.
static_assert(noneCopyableOrMovable<Accounts, Audit, ClinicRecords, Clock, Config, DemoData, Events,
                                    FileWriter, FileStore, Request, Response, Routes, Jobs, Logger, Counter,
                                    Metrics, NotificationChannel, Notifications, Host, Plugin, RateLimiter,
                                    Views, SqlRunner, Transaction, Database, PaymentProvider, Payments,
                                    CatalogSource, DisputeLookup, Locales>(),
              "SDK interfaces delete copy and move");

// A host's accounts as of SDK 1.4: it implements isActivated() and nothing by the old name.
class ActivationOnlyAccounts : public Accounts
{
public:
    std::optional<UserInfo> user(std::int64_t) override { return std::nullopt; }
    std::vector<UserInfo> organizationUsers(std::int64_t, const std::string&) override { return {}; }
    std::vector<UserInfo> labUsers(const std::string&) override { return {}; }
    bool wantsNotification(std::int64_t, const std::string&, const std::string&) override { return true; }
    void addActivationRequirement(const std::string&, ActivationCheck) override {}
    std::optional<OrganizationInfo> organization(std::int64_t) override { return std::nullopt; }
    std::vector<OrganizationInfo> organizations(const std::string&) override { return {}; }
    std::vector<ClinicInfo> clinics(std::int64_t) override { return {}; }
    bool isActivated(std::int64_t organizationId, std::string& why) override
    {
        if (organizationId == 7) {
            why.clear();
            return true;
        }
        why = "Add a payment method.";
        return false;
    }
};

// A host's accounts as of SDK 1.10, knowing organization 7 and user 70 one at a time.
class OneAtATimeAccounts : public ActivationOnlyAccounts
{
public:
    std::optional<UserInfo> user(std::int64_t id) override
    {
        ++asked;
        if (id != 70)
            return std::nullopt;
        UserInfo user;
        user.id = 70;
        user.displayName = "Lina Haddad";
        return user;
    }
    std::optional<OrganizationInfo> organization(std::int64_t id) override
    {
        ++asked;
        if (id != 7)
            return std::nullopt;
        return OrganizationInfo{7, "Pearl Dental Group", "PRL7", "active"};
    }
    int asked = 0;
};

// Views implemented before SDK 1.6: addMenuItem and nothing of roles.
class MenuOnlyViews : public Views
{
public:
    void page(Request&, Response&, const std::string&, const std::string&, const Value&) override {}
    std::string render(const std::string&, const Value&, const std::string&) override { return ""; }
    std::string translate(const std::string& key, const std::string&) override { return key; }
    void addMenuItem(const MenuItem& item) override { added.push_back(item.path); }
    std::vector<std::string> added;
};

// Notifications implemented before SDK 1.9: channels and reports, no secret links.
class ChannelOnlyNotifications : public Notifications
{
public:
    void addChannel(std::shared_ptr<NotificationChannel> channel) override { channels.push_back(channel); }
    bool report(const DeliveryReport&) override { return false; }
    std::vector<std::shared_ptr<NotificationChannel>> channels;
};

// A request no page is answering: enough to ask Views for a place's panels.
class NoRequest : public Request
{
public:
    const std::string& method() const override { return _text; }
    const std::string& path() const override { return _text; }
    const std::string& route() const override { return _text; }
    const std::string& requestId() const override { return _text; }
    std::string clientAddress() const override { return {}; }
    std::string param(const std::string&) const override { return {}; }
    std::string query(const std::string&) const override { return {}; }
    std::string header(const std::string&) const override { return {}; }
    std::string cookie(const std::string&) const override { return {}; }
    std::string form(const std::string&) override { return {}; }
    std::istream& body() override { return _body; }
    Value json() override { return {}; }
    const std::string& language() const override { return _text; }
    const std::string& theme() const override { return _text; }
    const std::optional<Principal>& principal() const override { return _principal; }
    const std::string& csrfToken() const override { return _text; }
    void parts(const std::function<void(const Part&, std::istream&)>&) override {}

private:
    std::string _text;
    std::optional<Principal> _principal;
    std::istringstream _body;
};

// A provider written for SDK 1.6: a bank transfer, overriding the three calls it must.
class TransferOnlyProvider : public PaymentProvider
{
public:
    PaymentCapabilities capabilities() const override
    {
        PaymentCapabilities c;
        c.name = "transfer";
        c.displayName = "Transfer";
        c.flow = PaymentFlow::Offline;
        return c;
    }
    PaymentResult createCheckout(const PaymentRequest&) override { return {}; }
    PaymentResult fetchPayment(const PaymentRequest&, const std::string&) override { return {}; }
};

// A provider of SDK 1.7 that tells of its disputes beside taking payments.
class DisputingProvider : public TransferOnlyProvider, public DisputeLookup
{
public:
    std::optional<DisputeFacts> fetchDispute(const std::string& disputeId) override
    {
        DisputeFacts facts;
        facts.disputeId = disputeId;
        facts.evidenceDueAtMillis = 1900600000000;
        return facts;
    }
};

} // namespace

class SdkEvolutionTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SdkEvolutionTest);
    CPPUNIT_TEST(theOldNameAnswersAsTheNewOne);
    CPPUNIT_TEST(aHostBeforeOnePointFiveKnowsNoSingleClinic);
    CPPUNIT_TEST(aHostBeforeOnePointElevenFindsManyOneByOne);
    CPPUNIT_TEST(viewsBeforeOnePointSixShowARoleLinkToAll);
    CPPUNIT_TEST(paymentStructsOfOnePointSixNeverGrow);
    CPPUNIT_TEST(aProviderBeforeOnePointSevenRefusesWhatItCannot);
    CPPUNIT_TEST(disputesAreFoundBesideTheProvider);
    CPPUNIT_TEST(viewsBeforeOnePointEightShowNoPanels);
    CPPUNIT_TEST(notificationsBeforeOnePointNineIgnoreSecretLinks);
    CPPUNIT_TEST_SUITE_END();

public:
    // A plugin built against 1.2 or 1.3 calls canSubmitCases(): it gets isActivated()'s answer.
    void theOldNameAnswersAsTheNewOne()
    {
        ActivationOnlyAccounts host;
        Accounts& asSeenByAnOldPlugin = host;
        std::string why = "stale";
        CPPUNIT_ASSERT(asSeenByAnOldPlugin.canSubmitCases(7, why));
        CPPUNIT_ASSERT_EQUAL(std::string(), why);
        CPPUNIT_ASSERT(!asSeenByAnOldPlugin.canSubmitCases(8, why));
        CPPUNIT_ASSERT_EQUAL(std::string("Add a payment method."), why);
    }

    // Accounts::clinic() came at the end in 1.5 with an answer of its own, so an Accounts
    // implemented before it still builds and answers "none".
    void aHostBeforeOnePointFiveKnowsNoSingleClinic()
    {
        ActivationOnlyAccounts host;
        CPPUNIT_ASSERT(!static_cast<Accounts&>(host).clinic(3).has_value());
    }

    // Accounts::organizationsById() and usersById() came at the end in 1.11 with answers
    // of their own: an Accounts implemented before them answers by asking for each id once.
    void aHostBeforeOnePointElevenFindsManyOneByOne()
    {
        OneAtATimeAccounts host;
        Accounts& accounts = host;
        const auto organizations = accounts.organizationsById({7, 8, 7});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), organizations.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Pearl Dental Group"), organizations.at(7).name);
        const auto users = accounts.usersById({71, 70});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), users.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Lina Haddad"), users.at(70).displayName);
        CPPUNIT_ASSERT_EQUAL(4, host.asked);
    }

    // Views::addMenuItemFor() came at the end in 1.6: Views implemented before it still
    // build, and add the link for everyone its access admits.
    void viewsBeforeOnePointSixShowARoleLinkToAll()
    {
        MenuOnlyViews views;
        static_cast<Views&>(views).addMenuItemFor({"k", "/billing/price-list", Access::Clinic, 40},
                                                  {"owner"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), views.added.size());
        CPPUNIT_ASSERT_EQUAL(std::string("/billing/price-list"), views.added.front());
    }

    // A struct of SDK 1.6 that a plugin built then allocates and the host fills: a
    // member added would be written past its end. Structured bindings name every
    // member, so one more (or one fewer) fails this build.
    void paymentStructsOfOnePointSixNeverGrow()
    {
        [[maybe_unused]] auto [name, displayName, flow, authorizeCapture, savedMethods, offSession, refunds,
                               partialRefunds, webhooks, currencies] = PaymentCapabilities();
        [[maybe_unused]] auto [key, amount, description, reference, customerId, providerCustomerId,
                               savedMethodId, returnUrl, cancelUrl, metadata, captureLater, language] =
            PaymentRequest();
        [[maybe_unused]] auto [state, providerPaymentId, resultAmount, capturedMinor, refundedMinor,
                               redirectUrl, clientSecret, instructions, payerReference, failureCode, detail] =
            PaymentResult();
        [[maybe_unused]] auto [methodId, brand, last4, expMonth, expYear] = SavedMethod();
        [[maybe_unused]] auto [refundId, refundState, refundMinor, refundDetail, refundFailure] =
            RefundResult();
        [[maybe_unused]] auto [body, headers, receivedAt] = WebhookDelivery();
        [[maybe_unused]] auto [eventId, kind, eventKey, eventPayment, eventAmount, eventRefund, disputeId,
                               outcome, method, occurredAt] = PaymentEvent();
        [[maybe_unused]] auto [purposeKind, purposeId, organizationId, purposeReference, purposeDescription] =
            PaymentPurpose();
        [[maybe_unused]] auto [attemptId, provider, purpose, attemptAmount, attemptState, attemptPayment,
                               attemptReference, attemptCaptured, attemptRefunded, attemptFailure, createdAt,
                               updatedAt] = PaymentAttempt();
        CPPUNIT_ASSERT(!captureLater && language.empty() && state == PaymentState::Pending);
    }

    // The calls 1.7's host makes of a provider (saved methods, holds, off-session
    // charges) answer PaymentUnsupported from a 1.6 provider that never heard of
    // them, and it tells of no disputes: the host asks DisputeLookup, which it lacks.
    void aProviderBeforeOnePointSevenRefusesWhatItCannot()
    {
        std::shared_ptr<PaymentProvider> provider = std::make_shared<TransferOnlyProvider>();
        PaymentRequest request;
        request.savedMethodId = "pm_1";
        CPPUNIT_ASSERT_THROW(provider->saveMethod(request), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->fetchMethod(request, "seti_1"), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->removeMethod(request), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->chargeSaved(request), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->authorize(request), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->capture(request, "p_1", 100), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->cancelAuthorization(request, "p_1"), PaymentUnsupported);
        CPPUNIT_ASSERT_THROW(provider->refund(request, "p_1", 100), PaymentUnsupported);
        CPPUNIT_ASSERT(dynamic_cast<DisputeLookup*>(provider.get()) == nullptr);
    }

    void disputesAreFoundBesideTheProvider()
    {
        std::shared_ptr<PaymentProvider> provider = std::make_shared<DisputingProvider>();
        auto* lookup = dynamic_cast<DisputeLookup*>(provider.get());
        CPPUNIT_ASSERT(lookup != nullptr);
        const auto facts = lookup->fetchDispute("dp_1");
        CPPUNIT_ASSERT(facts.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("dp_1"), facts->disputeId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1900600000000), facts->evidenceDueAtMillis);
    }

    // Views::addPanel() and panels() came at the end in 1.8: Views implemented before
    // them (this one, of 1.7) still build; a panel offered to them is ignored, and a
    // page asking for the panels of a place gets none.
    void viewsBeforeOnePointEightShowNoPanels()
    {
        MenuOnlyViews views;
        Views& asSeenByANewPlugin = views;
        bool asked = false;
        asSeenByANewPlugin.addPanel("clinic.dashboard", [&asked](Request&) {
            asked = true;
            return std::vector<Panel>{{"Credits", "Credit balance", "Credits", "/credits", 10}};
        });
        NoRequest request;
        CPPUNIT_ASSERT(asSeenByANewPlugin.panels("clinic.dashboard", request).empty());
        CPPUNIT_ASSERT(!asked);
        CPPUNIT_ASSERT(views.added.empty());
    }

    // Notifications::addSecretLink() came at the end in 1.9: Notifications implemented
    // before it (this one, of 1.8) still build, and a link offered to them is ignored:
    // it is never asked for a secret, and the channels they took stay as they were.
    void notificationsBeforeOnePointNineIgnoreSecretLinks()
    {
        ChannelOnlyNotifications notifications;
        Notifications& asSeenByANewPlugin = notifications;
        bool asked = false;
        asSeenByANewPlugin.addSecretLink(
            {"feedbackRequestId", "feedbackUrl", [&asked](const std::string& id) {
                 asked = true;
                 return std::optional<std::string>("/feedback/t/" + id);
             }});
        CPPUNIT_ASSERT(!asked);
        CPPUNIT_ASSERT(notifications.channels.empty());
        CPPUNIT_ASSERT(!asSeenByANewPlugin.report({"email", "p-1", DeliveryState::Sent, "", 0}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SdkEvolutionTest);
