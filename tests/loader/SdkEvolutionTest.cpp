// The SDK's evolution rule (Version.h, docs/sdk.md): interfaces are never copied or
// moved, and a name renamed in a minor version keeps answering for older plugins.
#include "molar/sdk/Sdk.h"

#include <cppunit/extensions/HelperMacros.h>

#include <type_traits>

using namespace molar::sdk;

namespace {

template <typename... Interfaces> constexpr bool noneCopyableOrMovable()
{
    return ((!std::is_copy_constructible_v<Interfaces> && !std::is_copy_assignable_v<Interfaces> &&
             !std::is_move_constructible_v<Interfaces> && !std::is_move_assignable_v<Interfaces>)&&...);
}

// Every interface of the SDK: one that becomes copyable fails this build.
static_assert(
    noneCopyableOrMovable<Accounts, Audit, ClinicRecords, Clock, Config, DemoData, Events, FileWriter,
                          FileStore, Request, Response, Routes, Jobs, Logger, Counter, Metrics,
                          NotificationChannel, Notifications, Host, Plugin, RateLimiter, Views, SqlRunner,
                          Transaction, Database, PaymentProvider, Payments, CatalogSource>(),
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

} // namespace

class SdkEvolutionTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SdkEvolutionTest);
    CPPUNIT_TEST(theOldNameAnswersAsTheNewOne);
    CPPUNIT_TEST(aHostBeforeOnePointFiveKnowsNoSingleClinic);
    CPPUNIT_TEST(viewsBeforeOnePointSixShowARoleLinkToAll);
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(SdkEvolutionTest);
