// The event -> message table: the shipped rules read whole and every one has its
// wording in every language; a rule with an unknown recipient or a malformed
// condition stops start-up naming the key; conditions select on the payload.
#include "Assertions.h"

#include "app/DataDir.h"
#include "config/ConfigStore.h"
#include "config/ConfigView.h"
#include "notify/MessageRenderer.h"
#include "notify/NotificationOutbox.h"
#include "notify/NotificationSettings.h"
#include "notify/Recipients.h"
#include "views/MessageCatalog.h"
#include "views/ViewEngine.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;

namespace {

const std::string DATA = molar::host::defaultDataDir();

// The ConfigError's key for reading `values` as the notifications subtree; "" when none.
std::string refusedKey(const std::map<std::string, std::string>& values)
{
    host::ConfigStore store;
    for (const auto& [key, value] : values)
        store.set(key, value);
    host::ConfigView view(store, "notifications");
    try {
        host::NotificationSettings::read(view);
    } catch (const sdk::ConfigError& e) {
        return e.key();
    }
    return "";
}

// Clinic organization 5 (owners 1 and 2, dentist 3) and a lab (lead 10, technician 11).
class FakeAccounts : public sdk::Accounts
{
public:
    std::optional<sdk::UserInfo> user(std::int64_t id) override
    {
        for (const auto& u : _users)
            if (u.id == id)
                return u;
        return std::nullopt;
    }
    std::vector<sdk::UserInfo> organizationUsers(std::int64_t organization, const std::string& role) override
    {
        std::vector<sdk::UserInfo> out;
        for (const auto& u : _users)
            if (u.organizationId == organization && (role.empty() || u.role == role))
                out.push_back(u);
        return out;
    }
    std::vector<sdk::UserInfo> labUsers(const std::string& role) override
    {
        return organizationUsers(0, role);
    }
    bool wantsNotification(std::int64_t, const std::string&, const std::string&) override { return true; }
    void addActivationRequirement(const std::string&, sdk::ActivationCheck) override {}
    std::optional<sdk::OrganizationInfo> organization(std::int64_t) override { return std::nullopt; }
    std::vector<sdk::OrganizationInfo> organizations(const std::string&) override { return {}; }
    std::vector<sdk::ClinicInfo> clinics(std::int64_t) override { return {}; }
    bool isActivated(std::int64_t, std::string&) override { return true; }

private:
    std::vector<sdk::UserInfo> _users{user(1, 5, "clinic", "owner"), user(2, 5, "clinic", "owner"),
                                      user(3, 5, "clinic", "dentist"), user(10, 0, "lab", "lead"),
                                      user(11, 0, "lab", "technician")};
    static sdk::UserInfo user(std::int64_t id, std::int64_t organization, const char* side, const char* role)
    {
        sdk::UserInfo u;
        u.id = id;
        u.organizationId = organization;
        u.side = side;
        u.role = role;
        return u;
    }
};

} // namespace

// The languages the shipped config offers (views.languages).
std::vector<std::string> offeredLanguages()
{
    host::ConfigStore store;
    store.addFile(DATA + "/config/molar.properties");
    std::vector<std::string> out;
    std::string list = store.get("views.languages");
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = std::min(list.find(',', start), list.size());
        std::string item = list.substr(start, end - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
            out.push_back(item);
        start = end + 1;
    }
    return out;
}

class NotificationRulesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NotificationRulesTest);
    CPPUNIT_TEST(testShippedRulesAreReadWholeAndWordedInEveryLanguage);
    CPPUNIT_TEST(testShippedRulesCoverTheProductsEvents);
    CPPUNIT_TEST(testCountsTakeEachLanguagesPluralForm);
    CPPUNIT_TEST(testHostCatalogHoldsNoPluginsWording);
    CPPUNIT_TEST(testOfferedPreferencesFollowTheEnabledRules);
    CPPUNIT_TEST(testUnknownOfferSideIsRefused);
    CPPUNIT_TEST(testLabelsFallBackToThePayloadsName);
    CPPUNIT_TEST(testAmountsAreWrittenInTheReadersLanguage);
    CPPUNIT_TEST(testDatesAreWrittenInTheReadersLanguageAndZone);
    CPPUNIT_TEST(testUnknownRecipientIsRefused);
    CPPUNIT_TEST(testRecipientsAreGeneric);
    CPPUNIT_TEST(testRecipientsAreReadFromThePayload);
    CPPUNIT_TEST(testMalformedConditionIsRefused);
    CPPUNIT_TEST(testConditionsReadThePayload);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShippedRulesAreReadWholeAndWordedInEveryLanguage()
    {
        host::ConfigStore store;
        store.addFile(DATA + "/config/conf.d/notifications.properties");
        store.addFile(DATA + "/plugins/cases/config/notifications.properties"); // the cases plugin's rules
        host::ConfigView view(store, "notifications");
        const auto settings = host::NotificationSettings::read(view);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>(), view.unreadKeys());
        CPPUNIT_ASSERT(settings.rules.size() >= 13);

        host::MessageCatalog catalog;
        catalog.loadDirectory(DATA + "/templates/messages");
        catalog.loadDirectory(DATA + "/plugins/cases/messages"); // the wording ships with the rules
        host::ViewEngine views(catalog, {{"en", "English"}, {"ar", "العربية"}, {"fr", "Français"}}, "Molar");
        host::MessageRenderer renderer(views, settings, "https://portal.lab.example", "Molar");
        for (const std::string& language : offeredLanguages()) {
            std::string missing;
            for (const auto& [rule, what] : renderer.missingWording(language))
                missing += "\n" + what;
            CPPUNIT_ASSERT_MESSAGE(missing, missing.empty());
            for (const auto& rule : settings.rules) {
                const std::string key = "message." + rule.templateName + ".action";
                if (!rule.link.empty())
                    CPPUNIT_ASSERT_MESSAGE(key + " in " + language, catalog.has(key, language));
            }
        }
        for (const auto& rule : settings.rules)
            for (const auto& channel : rule.channels)
                if (channel == "whatsapp")
                    CPPUNIT_ASSERT_MESSAGE(rule.id + " has no WhatsApp template",
                                           !rule.whatsappTemplate.empty() &&
                                               !rule.whatsappParameters.empty());
    }

    // A count in an email reads as each language says it: ICU's plural forms.
    void testCountsTakeEachLanguagesPluralForm()
    {
        host::ConfigStore store;
        store.addFile(DATA + "/config/conf.d/notifications.properties");
        host::ConfigView view(store, "notifications");
        const auto settings = host::NotificationSettings::read(view);
        host::MessageCatalog catalog;
        catalog.loadDirectory(DATA + "/templates/messages");
        host::ViewEngine views(catalog, {{"en", "English"}}, "Molar");
        views.addTemplateDirectory("host", DATA + "/templates");
        host::MessageRenderer renderer(views, settings, "https://portal.lab.example", "Molar");
        const auto rule = std::find_if(settings.rules.begin(), settings.rules.end(),
                                       [](const auto& r) { return r.templateName == "password_reset"; });
        CPPUNIT_ASSERT(rule != settings.rules.end());
        const auto body = [&](const std::string& language, int minutes) {
            const sdk::Value payload = sdk::Value::object({{"expiresMinutes", minutes}});
            return renderer.render(*rule, sdk::ChannelInfo{}, payload, sdk::UserInfo{}, language).text;
        };
        MOLAR_ASSERT_CONTAINS("works once, for 1 minute.", body("en", 1));
        MOLAR_ASSERT_CONTAINS("works once, for 60 minutes.", body("en", 60));
        MOLAR_ASSERT_CONTAINS("دقيقة واحدة", body("ar", 1));
        MOLAR_ASSERT_CONTAINS("دقيقتين", body("ar", 2));
        MOLAR_ASSERT_CONTAINS("٦٠", body("ar", 60)); // Arabic's own digits
        MOLAR_ASSERT_CONTAINS("21 минуты", body("ru", 21));
        MOLAR_ASSERT_CONTAINS("5 минут", body("ru", 5));
        for (const std::string& language : offeredLanguages())
            CPPUNIT_ASSERT_MESSAGE(language, body(language, 30).find('{') == std::string::npos);
    }

    void testShippedRulesCoverTheProductsEvents()
    {
        host::ConfigStore store;
        store.addFile(DATA + "/config/conf.d/notifications.properties");
        store.addFile(DATA + "/plugins/cases/config/notifications.properties"); // the cases plugin's rules
        host::ConfigView view(store, "notifications");
        const auto events = host::NotificationSettings::read(view).events();
        for (const std::string event :
             {"account.welcome", "account.password_reset_requested", "case.received", "case.status_changed",
              "case.message_added", "case.held", "case.delivered", "case.submitted"})
            CPPUNIT_ASSERT_MESSAGE(event, std::find(events.begin(), events.end(), event) != events.end());
        // Events that nothing here publishes have no rule, so no setting offers them.
        for (const std::string event : {"invoice.issued", "payment.received", "payment.failed", "balance.low",
                                        "warranty.issued", "nps.low_score"})
            CPPUNIT_ASSERT_MESSAGE(event, std::find(events.begin(), events.end(), event) == events.end());
    }

    // The host's catalog words only the host's own rules: a disabled plugin leaves no
    // message text or settings label behind.
    void testHostCatalogHoldsNoPluginsWording()
    {
        host::ConfigStore store;
        store.addFile(DATA + "/config/conf.d/notifications.properties");
        host::ConfigView view(store, "notifications");
        const auto hostRules = host::NotificationSettings::read(view);
        for (const std::string language : {"en", "ar", "fr"}) {
            host::MessageCatalog hostOnly;
            hostOnly.loadDirectory(DATA + "/templates/messages");
            host::MessageCatalog withCases;
            withCases.loadDirectory(DATA + "/plugins/cases/messages");
            for (const std::string key : {"message.case_status.subject", "message.new_case.body",
                                          "notify.event.case.status_changed", "notify.event.case.held"}) {
                CPPUNIT_ASSERT_MESSAGE(key + " in the host's " + language, !hostOnly.has(key, language));
                CPPUNIT_ASSERT_MESSAGE(key + " in the cases " + language, withCases.has(key, language));
            }
            for (const std::string key : {"message.invoice_issued.subject", "message.warranty_issued.body",
                                          "notify.event.invoice.issued", "notify.event.nps.low_score"})
                CPPUNIT_ASSERT_MESSAGE(key + " has no rule", !hostOnly.has(key, language));
            for (const auto& rule : hostRules.rules)
                CPPUNIT_ASSERT_MESSAGE(rule.id,
                                       hostOnly.has("message." + rule.templateName + ".subject", language));
        }
    }

    void testOfferedPreferencesFollowTheEnabledRules()
    {
        host::ConfigStore store;
        store.addFile(DATA + "/config/conf.d/notifications.properties");
        host::ConfigView hostView(store, "notifications");
        const auto hostOnly = host::NotificationSettings::read(hostView);
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>(), hostOnly.offered("clinic"));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>(), hostOnly.offered("lab"));

        store.addFile(DATA + "/plugins/cases/config/notifications.properties");
        host::ConfigView view(store, "notifications");
        const auto withCases = host::NotificationSettings::read(view);
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"case.received", "case.status_changed",
                                                       "case.message_added", "case.held", "case.delivered"}),
                             withCases.offered("clinic"));
        // Two lab rules share case.received's preference ("new case"): offered once.
        CPPUNIT_ASSERT_EQUAL((std::vector<std::string>{"case.received", "case.message_added", "case.held"}),
                             withCases.offered("lab"));
    }

    void testUnknownOfferSideIsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("notifications.rules.x.offerTo"),
                             refusedKey({{"notifications.rules.x.event", "case.received"},
                                         {"notifications.rules.x.to", "user:ownerUserId"},
                                         {"notifications.rules.x.offerTo", "clinic, patients"}}));
        CPPUNIT_ASSERT_EQUAL(std::string(""), refusedKey({{"notifications.rules.x.event", "case.received"},
                                                          {"notifications.rules.x.to", "user:ownerUserId"},
                                                          {"notifications.rules.x.offerTo", "clinic, lab"}}));
    }

    // A product the catalogs name reads in the recipient's language; one a lab added in
    // config keeps the payload's English name rather than showing a message key.
    void testLabelsFallBackToThePayloadsName()
    {
        host::NotificationSettings settings;
        settings.labels["product"] = "cases.productName.";
        host::MessageCatalog catalog;
        catalog.add("fr", "cases.productName.zirconia_crown", "Couronne zircone");
        host::ViewEngine views(catalog, {{"en", "English"}, {"fr", "Français"}}, "Molar");
        host::MessageRenderer renderer(views, settings, "https://portal.lab.example", "Molar");
        const sdk::UserInfo recipient;
        const sdk::Value zirconia =
            sdk::Value::object({{"product", "zirconia_crown"}, {"productName", "Zirconia crown"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Couronne zircone"),
                             renderer.model(zirconia, recipient, "fr").getString("productLabel"));
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"),
                             renderer.model(zirconia, recipient, "en").getString("productLabel"));
        const sdk::Value added =
            sdk::Value::object({{"product", "gold_onlay"}, {"productName", "Gold onlay"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Gold onlay"),
                             renderer.model(added, recipient, "fr").getString("productLabel"));
    }

    void testAmountsAreWrittenInTheReadersLanguage()
    {
        host::NotificationSettings settings;
        host::MessageCatalog catalog;
        host::ViewEngine views(catalog, {{"en", "English"}, {"ar", "العربية"}}, "Molar");
        host::MessageRenderer renderer(views, settings, "https://portal.lab.example", "Molar");
        const sdk::Value payload = sdk::Value::object(
            {{"totalText", "KWD 405.250"},
             {"balanceText", "QAR 1,250.50"},
             {"amounts", sdk::Value::object({{"totalText", sdk::messageAmount({405250, "KWD"})},
                                             {"balanceText", sdk::messageAmount({125050, "QAR"})},
                                             {"oddText", sdk::messageAmount({5, "not a currency"})}})}});
        const sdk::Value english = renderer.model(payload, sdk::UserInfo{}, "en");
        CPPUNIT_ASSERT_EQUAL(std::string("KWD\u00a0405.250"), english.getString("totalText"));
        const sdk::Value arabic = renderer.model(payload, sdk::UserInfo{}, "ar");
        // Arabic's digits, separators and its own name for the currency; three decimals for dinars.
        MOLAR_ASSERT_CONTAINS("\u0664\u0660\u0665\u066b\u0662\u0665\u0660", arabic.getString("totalText"));
        MOLAR_ASSERT_CONTAINS("\u0661\u066c\u0662\u0665\u0660\u066b\u0665\u0660",
                              arabic.getString("balanceText"));
        MOLAR_ASSERT_NOT_CONTAINS("QAR", arabic.getString("balanceText"));
        // What is not an amount is left alone.
        CPPUNIT_ASSERT(!arabic.has("oddText"));
    }

    void testDatesAreWrittenInTheReadersLanguageAndZone()
    {
        host::NotificationSettings settings;
        host::MessageCatalog catalog;
        host::ViewEngine views(catalog, {{"en", "English"}, {"ar", "العربية"}}, "Molar");
        host::MessageRenderer renderer(views, settings, "https://portal.lab.example", "Molar");
        // 2026-05-12 20:59:59.999 UTC: the 12th in Qatar (UTC+3 is 23:59), the 13th in India.
        const std::int64_t dueAt = 1778619599999;
        const sdk::Value payload = sdk::Value::object(
            {{"dueDate", "2026-05-12"},
             {"dates", sdk::Value::object({{"dueDate", sdk::messageDate(dueAt, "Asia/Qatar")}})}});
        sdk::UserInfo noZone;
        CPPUNIT_ASSERT_EQUAL(std::string("May 12, 2026"),
                             renderer.model(payload, noZone, "en").getString("dueDate"));
        sdk::UserInfo inIndia;
        inIndia.timeZone = "Asia/Kolkata";
        CPPUNIT_ASSERT_EQUAL(std::string("May 13, 2026"),
                             renderer.model(payload, inIndia, "en").getString("dueDate"));
        const std::string arabic = renderer.model(payload, noZone, "ar").getString("dueDate");
        MOLAR_ASSERT_CONTAINS("١٢", arabic); // ١٢
        MOLAR_ASSERT_NOT_CONTAINS("May", arabic);
    }

    void testUnknownRecipientIsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("notifications.rules.x.to"),
                             refusedKey({{"notifications.rules.x.event", "case.received"},
                                         {"notifications.rules.x.to", "user:ownerUserId, everyone"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notifications.rules.x.to"),
                             refusedKey({{"notifications.rules.x.event", "case.received"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("notifications.rules.x.event"),
                             refusedKey({{"notifications.rules.x.to", "user:ownerUserId"}}));
    }

    // Recipients name payload fields and roles; the host knows no plugin's vocabulary.
    void testRecipientsAreGeneric()
    {
        for (const std::string good : {"user:ownerUserId", "user:assignedTo", "organization:organizationId",
                                       "organization:clinicOrg:owner", "lab", "lab:billing"}) {
            CPPUNIT_ASSERT_MESSAGE(good, host::isRecipient(good));
            CPPUNIT_ASSERT_EQUAL(std::string(""),
                                 refusedKey({{"notifications.rules.x.event", "case.received"},
                                             {"notifications.rules.x.to", good}}));
        }
        for (const std::string bad :
             {"case_owner", "technician", "org_owners", "lab_leads", "user", "user:", "user:1x", "user:a:b",
              "organization:organizationId:admin", "lab:owner", "lab:lead:x", "everyone"})
            CPPUNIT_ASSERT_MESSAGE(bad, !host::isRecipient(bad));
    }

    void testRecipientsAreReadFromThePayload()
    {
        FakeAccounts accounts;
        const auto payload =
            sdk::Value::object({{"ownerUserId", 2}, {"assignedTo", "11"}, {"organizationId", 5}});
        std::vector<std::int64_t> ids;
        for (const auto& user : host::resolveRecipients(
                 accounts,
                 {"user:assignedTo", "organization:organizationId:owner", "user:ownerUserId", "lab:lead"},
                 payload))
            ids.push_back(user.id);
        // Each once, in the order named: 11, then org 5's owners (1, 2), then the leads (10).
        CPPUNIT_ASSERT((ids == std::vector<std::int64_t>{11, 1, 2, 10}));
        CPPUNIT_ASSERT(
            host::resolveRecipients(accounts, {"user:missing", "organization:missing"}, payload).empty());
    }

    void testMalformedConditionIsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("notifications.rules.x.when"),
                             refusedKey({{"notifications.rules.x.event", "case.received"},
                                         {"notifications.rules.x.to", "user:ownerUserId"},
                                         {"notifications.rules.x.when", "authorSide lab"}}));
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             refusedKey({{"notifications.rules.x.event", "case.received"},
                                         {"notifications.rules.x.to", "user:ownerUserId"},
                                         {"notifications.rules.x.when", "status != on_hold"}}));
    }

    void testConditionsReadThePayload()
    {
        const std::vector<host::PayloadCondition> labOnly{{"authorSide", "lab", true},
                                                          {"status", "on_hold", false}};
        CPPUNIT_ASSERT(
            host::conditionsHold(labOnly, sdk::Value::object({{"authorSide", "lab"}, {"status", "qc"}})));
        CPPUNIT_ASSERT(!host::conditionsHold(labOnly, sdk::Value::object({{"authorSide", "clinic"}})));
        CPPUNIT_ASSERT(!host::conditionsHold(
            labOnly, sdk::Value::object({{"authorSide", "lab"}, {"status", "on_hold"}})));
        CPPUNIT_ASSERT(!host::conditionsHold(labOnly, sdk::Value::object({})));
        CPPUNIT_ASSERT(host::conditionsHold({{"caseId", "7", true}}, sdk::Value::object({{"caseId", 7}})));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NotificationRulesTest);
