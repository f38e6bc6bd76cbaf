// The real molard killed (kill -9) while it charges a clinic's saved card: the charge
// reached Stripe (the fake logged it and took the money) but its answer never came back.
// molard started again on the same database settles the payment, by its re-sync or by
// Stripe's webhook, with exactly one charge at Stripe and the invoice paid once.
// Autopay: Pearl Dental's case ships, billing issues its invoice and charges the card.
#include "FakeServer.h"
#include "HttpBrowser.h"
#include "MolardProcess.h"
#include "StripePortal.h"

#include <Poco/File.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace molar;
using namespace molar::test;

namespace {

constexpr std::chrono::minutes kSettleWithin{5};

// A fake Stripe, a fresh database and a configuration folder; molard on a fixed port, so
// that the fake's webhooks find it again after the restart.
struct CrashRig
{
    CrashRig()
        : port(MolardProcess::freePort()),
          stripe("stripe", {"--api-key", stripeKey(), "--webhook-url", webhookUrl(), "--webhook-secret",
                            stripeWebhookSecret()})
    {
        Poco::File(dir.path() + "/config").createDirectories();
        Poco::File(dir.path() + "/files").createDirectories();
        options.binary = MOLARD_PATH;
        options.configDir = dir.path() + "/config";
        options.databaseUrl = database.url();
        options.pluginsDir = MOLAR_PLUGIN_DIR;
        options.plugins = {"cases", "billing", "pay-stripe"};
        options.port = port;
        options.demoData = true;
        options.settings = {{"http.publicUrl", "http://127.0.0.1:" + std::to_string(port)},
                            {"files.root", dir.path() + "/files"},
                            {"portal.timeZone", "Asia/Qatar"},
                            {"logging.accessLog", "false"},
                            {"pay-stripe.apiBase", stripe.url()},
                            {"pay-stripe.secretKey", stripeKey()},
                            {"pay-stripe.webhookSecrets", stripeWebhookSecret()},
                            {"pay-stripe.timeoutSeconds", "60"},
                            {"payments.resyncAfterMinutes", "1"}};
    }

    std::string webhookUrl() const
    {
        return "http://127.0.0.1:" + std::to_string(port) + "/payments/webhooks/stripe";
    }
    sdk::Database& db() { return database.database(); }
    // The first start adds the demo's people (and its cases); a restart adds nothing.
    void start()
    {
        if (molard)
            earlier += molard->output() + "\n-- restarted --\n";
        molard.reset();
        molard = std::make_unique<MolardProcess>(options);
        // molard answers /readyz before the plugins' demo data is in (MolardApp seeds it
        // after Portal::start): its "serving" line comes after, and then the demo's
        // shipped cases are shipped before Pearl turns to autopay.
        if (options.demoData)
            CPPUNIT_ASSERT_MESSAGE(
                "molard never said it was serving:\n" + said(),
                molard->process().waitForOutput(
                    [](const std::string& out) { return out.find("Molar is serving") != std::string::npos; },
                    std::chrono::seconds(60)));
        options.demoData = false;
    }

    std::int64_t organizationOf(const std::string& email)
    {
        return rows("SELECT organization_id FROM molar_users WHERE email = ?", {email})
            .get(0, "organization_id")
            .asInt();
    }
    std::unique_ptr<HttpBrowser> signIn(const std::string& email, const std::string& password)
    {
        auto browser = std::make_unique<HttpBrowser>(port);
        const Answer answer = browser->signIn(email, password);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("sign-in of " + email + ": " + answer.body, 303, answer.status);
        return browser;
    }

    // Pearl's owner saves a card through the fake's Checkout and comes back.
    void saveCard()
    {
        auto owner = signIn("owner@pearl.example", "demo pearl owner");
        const Answer asked = owner->post("/billing/payment-methods", {{"provider", "stripe"}});
        CPPUNIT_ASSERT_MESSAGE(asked.body, asked.status == 303 || asked.status == 200);
        const std::string session =
            StripePortal::sessionIn(asked.status == 303 ? asked.header("Location") : asked.body);
        CPPUNIT_ASSERT_MESSAGE(asked.body, !session.empty());
        auto done =
            stripe.post("/_fake/checkout/" + session + "/complete", object({{"card", "4242424242424242"}}))
                .extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT(done->getValue<bool>("completed"));
        const std::string back = done->getValue<std::string>("redirect");
        const Answer returned = owner->get(back.substr(back.find("/billing/")));
        CPPUNIT_ASSERT_MESSAGE(returned.body, returned.status < 400);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count("SELECT COUNT(*) AS n FROM molar_payment_methods WHERE "
                                   "organization_id = ? AND is_default = 1 AND removed_at IS NULL",
                                   {organizationOf("owner@pearl.example")}));
    }

    // Pearl's dentist sends a zirconia crown; the lab takes it to quality control.
    std::int64_t caseAtQualityControl()
    {
        auto dentist = signIn("dentist@pearl.example", "demo pearl dentist");
        const std::int64_t clinic =
            db().query("SELECT c.id FROM molar_clinics c JOIN molar_users u ON "
                       "u.organization_id = c.organization_id WHERE u.email = ? ORDER BY c.id",
                       {std::string("owner@pearl.example")})
                .get(0, "id")
                .asInt();
        const Answer created =
            dentist->post("/cases/new", {{"patientRef", "CRASH-1"}, {"clinic", std::to_string(clinic)}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 303, created.status);
        const std::string location = created.header("Location");
        const std::string base = location.substr(0, location.find("/edit/"));
        const std::int64_t id = std::stoll(base.substr(std::string("/cases/").size()));
        for (const auto& [step, form] : std::vector<std::pair<std::string, Form>>{
                 {"/edit/product", {{"product", "zirconia_crown"}}},
                 {"/edit/teeth", {{"numbering", "fdi"}, {"tooth-11", "crown"}}},
                 {"/edit/shade", {{"shade", "classical:A2"}}},
                 {"/edit/fields", {{"field-margin", "chamfer"}}},
                 {"/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}}}) {
            const Answer answer = dentist->post(base + step, form);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(step + ": " + answer.body, 303, answer.status);
        }
        const Answer submitted = dentist->post(base + "/submit", {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(submitted.body, 303, submitted.status);
        auto admin = signIn("admin@lab.example", "demo lab admin");
        for (const char* action : {"accept", "to_production", "to_finishing", "to_qc"}) {
            const Answer moved = admin->post(base + "/actions/" + action, {});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(action) + ": " + moved.body, 303, moved.status);
        }
        return id;
    }

    // The rows of a query that must find some, else a failure naming it (and what molard said).
    sdk::ResultSet rows(const std::string& sql, const sdk::Params& params)
    {
        sdk::ResultSet found = db().query(sql, params);
        CPPUNIT_ASSERT_MESSAGE("nothing for " + sql + (molard ? "\nmolard said:\n" + said() : ""),
                               !found.empty());
        return found;
    }

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).get(0, "n").asInt();
    }

    // The charges made at the fake under an attempt's key: PaymentIntents created, first
    // asks only (a repeat under the same key is a replay, no charge).
    std::size_t chargesMade(const std::string& attempt)
    {
        std::size_t made = 0;
        auto all = stripe.get("/_fake/requests").extract<Poco::JSON::Object::Ptr>()->getArray("data");
        for (std::size_t i = 0; i < all->size(); ++i) {
            auto request = all->getObject(static_cast<unsigned>(i));
            if (request->getValue<std::string>("method") == "POST" &&
                request->getValue<std::string>("path") == "/v1/payment_intents" &&
                request->optValue<std::string>("idempotencyKey", "").rfind(attempt, 0) == 0 &&
                !request->optValue<bool>("replayed", false))
                ++made;
        }
        return made;
    }

    // The payment attempt billing began for the case's autopay charge; empty before.
    std::string attemptOf(std::int64_t caseId)
    {
        auto row = db().query("SELECT attempt_id FROM billing_card_charges WHERE case_id = ?", {caseId});
        return row.empty() ? std::string() : row.get(0, "attempt_id").toString();
    }

    // Autopay for Pearl, a card on file, a case ready to ship, Stripe slow to answer and
    // its webhooks not reaching molard, the case shipped; molard killed once the fake has
    // the charge. Answers the case's id.
    std::int64_t crashWhileCharging()
    {
        start();
        saveCard();
        const std::int64_t pearl = organizationOf("owner@pearl.example");
        db().execute(
            "INSERT INTO billing_accounts (organization_id, mode, net_terms_days, updated_by, updated_at) "
            "VALUES (?, 'autopay', 30, 0, 0)",
            {pearl});
        const std::int64_t caseId = caseAtQualityControl();
        stripe.post("/_fake/config", object({{"webhookUrl", ""}}));
        stripe.post("/_fake/delay-answers", object({{"ms", 20000}}));
        auto admin = signIn("admin@lab.example", "demo lab admin");
        const Answer shipped = admin->post("/cases/" + std::to_string(caseId) + "/actions/ship", {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(shipped.body, 303, shipped.status);
        CPPUNIT_ASSERT_MESSAGE("the charge never reached Stripe. molard said:\n" + said(),
                               StripePortal::waitFor(
                                   [&] {
                                       const std::string attempt = attemptOf(caseId);
                                       return !attempt.empty() && chargesMade(attempt) == 1;
                                   },
                                   std::chrono::seconds(60)));
        molard->kill();
        stripe.post("/_fake/delay-answers", object({{"ms", 0}}));
        // Stripe took the money; nothing here knows it yet.
        auto charge =
            rows("SELECT invoice_id, attempt_id FROM billing_card_charges WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE invoice_id = ?",
                                   {charge.get(0, "invoice_id").asInt()}));
        return caseId;
    }

    // What the database says once settled: the invoice paid once, one charge at Stripe.
    void expectPaidOnce(std::int64_t caseId, std::chrono::milliseconds within = kSettleWithin)
    {
        auto charge =
            rows("SELECT invoice_id, attempt_id FROM billing_card_charges WHERE case_id = ?", {caseId});
        const std::int64_t invoice = charge.get(0, "invoice_id").asInt();
        const std::string attempt = charge.get(0, "attempt_id").toString();
        const bool paid = StripePortal::waitFor(
            [&] {
                auto state = db().query("SELECT state FROM billing_invoices WHERE id = ?", {invoice});
                return !state.empty() && state.get(0, "state").toString() == "paid";
            },
            within);
        CPPUNIT_ASSERT_MESSAGE("the invoice was not paid after the restart. molard said:\n" + said(), paid);
        auto row = rows("SELECT total_minor, paid_minor FROM billing_invoices WHERE id = ?", {invoice});
        const std::int64_t total = row.get(0, "total_minor").asInt();
        CPPUNIT_ASSERT(total > 0);
        CPPUNIT_ASSERT_EQUAL(total, row.get(0, "paid_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            count("SELECT COUNT(*) AS n FROM billing_invoice_payments WHERE invoice_id = ? AND "
                  "kind = 'payment'",
                  {invoice}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count("SELECT COUNT(*) AS n FROM molar_payment_attempts WHERE "
                                                    "purpose_kind = 'invoice' AND purpose_id = ?",
                                                    {std::to_string(invoice)}));
        auto attemptRow =
            rows("SELECT state, captured_minor FROM molar_payment_attempts WHERE id = ?", {attempt});
        CPPUNIT_ASSERT_EQUAL(std::string("succeeded"), attemptRow.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(total, attemptRow.get(0, "captured_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), count("SELECT COUNT(*) AS n FROM molar_payment_receipts WHERE "
                                                    "attempt_id = ? AND kind = 'payment'",
                                                    {attempt}));
        // Stripe: one PaymentIntent for the attempt, charged once with the invoice's total.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chargesMade(attempt));
        std::string query;
        Poco::URI::encode("metadata['molar_attempt']:'" + attempt + "'", "&=+%'[]:", query);
        const RawAnswer found =
            StripePortal::send(stripe.port(), "GET", "/v1/payment_intents/search?query=" + query, "",
                               {{"Authorization", std::string("Bearer ") + stripeKey()}});
        auto intents =
            Poco::JSON::Parser().parse(found.body).extract<Poco::JSON::Object::Ptr>()->getArray("data");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), intents->size());
        CPPUNIT_ASSERT_EQUAL(std::to_string(total), intents->getObject(0)->get("amount_received").toString());
    }

    // What every molard said so far.
    std::string said() const { return earlier + (molard ? molard->output() : std::string()); }

    int port;
    FakeServer stripe;
    TestDatabase database;
    TempDir dir;
    MolardOptions options;
    std::string earlier;                   // what the molard before the restart said
    std::unique_ptr<MolardProcess> molard; // last: killed before the rest goes
};

} // namespace

class CrashTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CrashTest);
    CPPUNIT_TEST(testTheResyncSettlesAChargeCutShortByACrash);
    CPPUNIT_TEST(testTheWebhookSettlesAChargeCutShortByACrash);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheResyncSettlesAChargeCutShortByACrash()
    {
        CrashRig rig;
        const std::int64_t caseId = rig.crashWhileCharging();
        // Stripe's webhooks still do not reach the Portal: the re-sync alone must find it.
        rig.start();
        rig.expectPaidOnce(caseId);
    }

    void testTheWebhookSettlesAChargeCutShortByACrash()
    {
        CrashRig rig;
        const std::int64_t caseId = rig.crashWhileCharging();
        rig.start();
        // Stripe reaches molard again and delivers its payment_intent.succeeded (it retries for days).
        rig.stripe.post("/_fake/config", object({{"webhookUrl", rig.webhookUrl()}}));
        auto events = rig.stripe.get("/_fake/events").extract<Poco::JSON::Object::Ptr>()->getArray("data");
        for (std::size_t i = 0; i < events->size(); ++i) {
            auto event = events->getObject(static_cast<unsigned>(i));
            if (event->getValue<std::string>("type") == "payment_intent.succeeded")
                rig.stripe.post("/_fake/resend", object({{"event_id", event->getValue<std::string>("id")}}));
        }
        // Before any re-sync could (the attempt changed less than payments.resyncAfterMinutes ago).
        rig.expectPaidOnce(caseId, std::chrono::seconds(20));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CrashTest);
