// Every route of billing, pay-bank and the host's payments, as an outsider tries it:
// another organization's owner asks for Pearl Dental's invoice, quote, price list and
// payment (404, nothing changed); a clinic's owner and a technician ask for the lab's
// pages (403); every form refuses a post without its CSRF token; a stranger posting to
// the webhook route gets nothing. The list of routes is checked against the portal's:
// a new clinic route without a line here fails the test; a new lab route is probed from
// the router's list (refused to clinics and technicians, nothing changed). Both databases.
#include "BankPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <map>
#include <set>

using namespace molar;
using namespace molar::test;

namespace {

// The clerk's statement upload with `token` (none when empty) in X-CSRF-Token, the
// browser's cookies kept; the answer's status.
int uploadWithToken(int port, const HttpBrowser& browser, const std::string& token)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    Poco::Net::HTTPRequest request("POST", "/lab/payments/bank/imports", Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::NameValueCollection cookies;
    for (const char* name : {"molar_session", "molar_csrf"})
        cookies.add(name, browser.cookie(name));
    request.setCookies(cookies);
    const std::string boundary = "----molar-review";
    const std::string body =
        "--" + boundary +
        "\r\nContent-Disposition: form-data; name=\"statement\"; filename=\"s.csv\"\r\n\r\n"
        "2026-05-12,300,QAR,MB-0000-0000,T-3\n\r\n--" +
        boundary + "--\r\n";
    request.setContentType("multipart/form-data; boundary=" + boundary);
    if (!token.empty())
        request.set("X-CSRF-Token", token);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string ignored;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), ignored);
    return static_cast<int>(response.getStatus());
}

struct Probe
{
    std::string method;
    std::string route; // the template, as the router lists it
    std::string path;  // the address tried
    Form form;
    bool automatic = false; // made from the router's list: any object id, any outcome but success
};

// The template with its parameters filled in: "/lab/billing/invoices/{id}/void" -> ".../42/void".
std::string filled(std::string route, const std::map<std::string, std::string>& values)
{
    for (const auto& [name, value] : values)
        for (auto at = route.find(name); at != std::string::npos; at = route.find(name))
            route.replace(at, name.size(), value);
    return route;
}

} // namespace

class CrossOrganizationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CrossOrganizationTest);
    CPPUNIT_TEST(testEveryRouteIsProbed);
    CPPUNIT_TEST(testAnotherOrganizationGetsNotFound);
    CPPUNIT_TEST(testClinicsAndTechniciansAreRefusedTheLabsPages);
    CPPUNIT_TEST(testEveryFormNeedsItsCsrfToken);
    CPPUNIT_TEST(testAStrangerAtTheWebhookRouteGetsNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _bank = std::make_unique<BankPortal>();
        _invoice = _bank->issuedInvoice("INV-2026-000901", 30000);
        _pearl = _bank->pearl();
        _smile = _bank->organizationOf("owner@smile.example");
        const std::int64_t now = _bank->nowMillis();
        _quote = _bank->db().insert(
            "INSERT INTO billing_quotes (case_id, case_number, organization_id, owner_user_id, product, "
            "product_name, state, amount_minor, currency, opened_at, sent_at) VALUES (?, 'C-2026-0901', ?, "
            "0, "
            "'zirconia_crown', 'Zirconia crown', 'sent', 45000, 'QAR', ?, ?)",
            {std::int64_t(999999), _pearl, now / 1000, now / 1000}); // a quote's times are in seconds
        auto lists =
            _bank->db().query("SELECT id FROM billing_price_lists WHERE organization_id = ?", {_pearl});
        _list = lists.empty()
                    ? _bank->db().insert("INSERT INTO billing_price_lists (organization_id, version, "
                                         "created_at, updated_at) VALUES (?, 1, ?, ?)",
                                         {_pearl, now, now})
                    : lists.get(0, "id").asInt();
        _import = _bank->db().insert(
            "INSERT INTO pay_bank_imports (file_name, line_count, created_at) VALUES ('pearl.csv', 1, ?)",
            {now});
        // A card Pearl Dental saved (as the payment service keeps it), for billing's card routes.
        _method = _bank->db().insert(
            "INSERT INTO molar_payment_methods (organization_id, provider, provider_method_id, brand, last4, "
            "exp_month, exp_year, is_default, saved_at) VALUES (?, 'bank', 'pm_probe', 'visa', '4242', 12, "
            "2030, "
            "1, ?)",
            {_pearl, now});
    }
    void tearDown() override { _bank.reset(); }

    // The clinic's routes, each naming one of Pearl Dental's objects.
    std::vector<Probe> clinicProbes() const
    {
        const std::string invoice = "/billing/invoices/" + std::to_string(_invoice.id);
        const std::string quote = "/billing/quotes/" + std::to_string(_quote);
        const std::string method = "/billing/payment-methods/" + std::to_string(_method);
        return {
            {"GET", "/billing/invoices/{id}", invoice, {}},
            {"GET", "/billing/invoices/{id}", invoice + ".pdf", {}},
            {"POST", "/billing/invoices/{id}/pay", invoice + "/pay", {{"provider", "bank"}}},
            {"GET", "/billing/quotes/{id}", quote, {}},
            {"POST", "/billing/quotes/{id}/accept", quote + "/accept", {{"confirm", "yes"}}},
            {"POST",
             "/billing/quotes/{id}/decline",
             quote + "/decline",
             {{"confirm", "yes"}, {"reason", "not ours"}}},
            {"POST",
             "/billing/price-list/accept",
             "/billing/price-list/accept",
             {{"listId", std::to_string(_list)}, {"version", "1"}}},
            {"POST", "/billing/payment-methods/{id}/default", method + "/default", {}},
            {"POST", "/billing/payment-methods/{id}/remove", method + "/remove", {}},
        };
    }

    // The clinic's routes that name no object: each caller reads its own.
    static std::vector<Probe> ownProbes()
    {
        return {{"GET", "/billing/invoices", "/billing/invoices", {}},
                {"GET", "/billing/price-list", "/billing/price-list", {}},
                {"GET", "/billing/account", "/billing/account", {}},
                {"GET", "/billing/payment-methods", "/billing/payment-methods", {}},
                // Another organization's setup finishes nothing (billing's PaymentMethodsTest).
                {"GET",
                 "/billing/payment-methods/saved",
                 "/billing/payment-methods/saved?setup=no-such-setup",
                 {}}};
    }

    // The lab's routes: those below, and every other GET of the money plugins under /lab/
    // that names no object (a new list or dashboard is probed without a line here).
    std::vector<Probe> labProbes() const
    {
        std::vector<Probe> probes = namedLabProbes();
        std::set<std::string> named;
        for (const Probe& p : probes)
            named.insert(p.method + " " + p.route);
        const std::map<std::string, std::string> values{{"{id}", std::to_string(_invoice.id)},
                                                        {"{organizationId}", std::to_string(_pearl)},
                                                        {"{reference}", _invoice.reference}};
        for (const std::string& route : moneyRoutes()) {
            const auto space = route.find(' ');
            const std::string method = route.substr(0, space), path = route.substr(space + 1);
            if (path.rfind("/lab/", 0) == 0 && named.count(route) == 0)
                probes.push_back(
                    {method, path, filled(path, values), {}, path.find('{') != std::string::npos});
        }
        return probes;
    }

    // "GET /billing/invoices/{id}": the routes of billing, pay-bank and the host's payments.
    std::set<std::string> moneyRoutes() const
    {
        std::set<std::string> out;
        for (const std::string& line : _bank->portal().routes()) {
            // "GET /billing/invoices/{id} (billing)"
            const auto open = line.rfind(" (");
            const std::string route = line.substr(0, open);
            const std::string owner = open == std::string::npos ? "" : line.substr(open + 2);
            if (owner.rfind("billing", 0) == 0 || owner.rfind("pay-bank", 0) == 0 ||
                route.find(" /payments/") != std::string::npos)
                out.insert(route);
        }
        return out;
    }

    std::vector<Probe> namedLabProbes() const
    {
        const std::string pearl = std::to_string(_pearl);
        const std::string invoice = "/lab/billing/invoices/" + std::to_string(_invoice.id);
        const std::string quote = "/lab/billing/quotes/" + std::to_string(_quote);
        const std::string reference = BankPortal::referencePath(_invoice.reference);
        return {
            {"GET", "/lab/billing", "/lab/billing", {}},
            {"GET", "/lab/billing/invoices", "/lab/billing/invoices", {}},
            {"GET", "/lab/billing/invoices/{id}", invoice, {}},
            {"GET", "/lab/billing/invoices/{id}", invoice + ".pdf", {}},
            {"GET", "/lab/billing/disputes", "/lab/billing/disputes", {}},
            {"GET", "/lab/billing/quotes", "/lab/billing/quotes", {}},
            {"GET", "/lab/billing/quotes/{id}", quote, {}},
            {"POST", "/lab/billing/quotes/{id}", quote, {{"price", "1"}, {"note", "x"}}},
            {"GET", "/lab/billing/price-lists", "/lab/billing/price-lists", {}},
            {"GET", "/lab/billing/price-lists/{organizationId}", "/lab/billing/price-lists/" + pearl, {}},
            {"POST",
             "/lab/billing/price-lists/{organizationId}",
             "/lab/billing/price-lists/" + pearl,
             {{"version", "1"}, {"price-zirconia_crown", "1"}}},
            {"GET", "/lab/billing/accounts", "/lab/billing/accounts", {}},
            {"POST",
             "/lab/billing/accounts/{organizationId}",
             "/lab/billing/accounts/" + pearl,
             {{"mode", "monthly"}, {"netTermsDays", "1"}}},
            {"GET", "/lab/payments/bank", "/lab/payments/bank", {}},
            {"GET", "/lab/payments/bank/references/{reference}", reference, {}},
            {"POST",
             "/lab/payments/bank/references/{reference}/receipts",
             reference + "/receipts",
             {{"amount", "300"}, {"valueDate", "2026-05-12"}, {"bankTransactionId", "T-1"}}},
            {"POST", "/lab/payments/bank/imports", "/lab/payments/bank/imports", {}},
            {"GET",
             "/lab/payments/bank/imports/{id}",
             "/lab/payments/bank/imports/" + std::to_string(_import),
             {}},
        };
    }

    Answer send(HttpBrowser& browser, const Probe& probe, bool withToken = true)
    {
        if (probe.method == "GET")
            return browser.get(probe.path);
        if (probe.route == "/lab/payments/bank/imports")
            return browser.postFile(probe.path, {}, "statement", "s.csv",
                                    "2026-05-12,300,QAR," + _invoice.reference + ",T-2\n");
        return withToken ? browser.post(probe.path, probe.form) : browser.postRaw(probe.path, probe.form);
    }

    // What would show a change: payments, receipts, answers, agreements, modes.
    std::string fingerprint()
    {
        std::string out;
        for (const char* sql :
             {"SELECT COUNT(*) AS n FROM molar_payment_attempts",
              "SELECT COUNT(*) AS n FROM pay_bank_receipts", "SELECT COUNT(*) AS n FROM pay_bank_imports",
              "SELECT COUNT(*) AS n FROM billing_price_agreements",
              "SELECT COUNT(*) AS n FROM billing_price_list_versions",
              "SELECT COUNT(*) AS n FROM billing_accounts",
              "SELECT COUNT(*) AS n FROM billing_quotes WHERE state = 'sent'",
              "SELECT COUNT(*) AS n FROM billing_invoices WHERE paid_minor = 0",
              "SELECT COUNT(*) AS n FROM billing_invoices WHERE state = 'issued'",
              "SELECT COUNT(*) AS n FROM molar_payment_events",
              "SELECT COUNT(*) AS n FROM molar_payment_methods WHERE is_default = 1"})
            out += std::to_string(_bank->count(sql)) + " ";
        return out;
    }

    void testEveryRouteIsProbed()
    {
        std::set<std::string> probed;
        for (const auto& list : {clinicProbes(), ownProbes(), labProbes()})
            for (const Probe& p : list)
                probed.insert(p.method + " " + p.route);
        probed.insert("POST /payments/webhooks/{provider}");
        // Starts saving a card for the caller's own organization, naming nothing of another's
        // (billing's PaymentMethodsTest; no provider here keeps cards).
        probed.insert("POST /billing/payment-methods");
        int seen = 0;
        for (const std::string& route : moneyRoutes()) {
            ++seen;
            CPPUNIT_ASSERT_MESSAGE("no cross-organization probe for " + route, probed.count(route) == 1);
        }
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(probed.size()), seen);
    }

    void testAnotherOrganizationGetsNotFound()
    {
        auto smileOwner = _bank->signIn("owner@smile.example", "demo smile owner");
        auto smileDentist = _bank->smileDentist();
        const std::string before = fingerprint();
        for (HttpBrowser* browser : {smileOwner.get(), smileDentist.get()})
            for (const Probe& probe : clinicProbes()) {
                const Answer answer = send(*browser, probe);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(probe.method + " " + probe.path + ": " + answer.body, 404,
                                             answer.status);
                MOLAR_ASSERT_NOT_CONTAINS(_invoice.number, answer.body);
                MOLAR_ASSERT_NOT_CONTAINS(_invoice.reference, answer.body);
            }
        for (const Probe& probe : ownProbes()) {
            const Answer answer = send(*smileOwner, probe);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(probe.path, 200, answer.status);
            MOLAR_ASSERT_NOT_CONTAINS(_invoice.number, answer.body);
        }
        CPPUNIT_ASSERT_EQUAL(before, fingerprint());

        // Pearl's owner reaches each of them: the 404s above are the organization's.
        auto pearlOwner = _bank->pearlOwner();
        for (const Probe& probe : clinicProbes())
            if (probe.method == "GET")
                CPPUNIT_ASSERT_EQUAL_MESSAGE(probe.path, 200, send(*pearlOwner, probe).status);
        MOLAR_ASSERT_CONTAINS(_invoice.number, pearlOwner->get("/billing/invoices").body);
    }

    void testClinicsAndTechniciansAreRefusedTheLabsPages()
    {
        auto pearlOwner = _bank->pearlOwner();
        auto technician = _bank->technician();
        const std::string before = fingerprint();
        for (HttpBrowser* browser : {pearlOwner.get(), technician.get()})
            for (const Probe& probe : labProbes()) {
                const Answer answer = send(*browser, probe);
                // A lab role may be told "not found" by a page that looks its object up first.
                const bool refused = answer.status == 403 ||
                                     (probe.automatic && browser == technician.get() && answer.status == 404);
                CPPUNIT_ASSERT_MESSAGE(probe.method + " " + probe.path + ": " + std::to_string(answer.status),
                                       refused);
                MOLAR_ASSERT_NOT_CONTAINS(_invoice.number, answer.body);
            }
        CPPUNIT_ASSERT_EQUAL(before, fingerprint());
        // The clerk reaches every GET: the 403s above are the role's.
        auto clerk = _bank->clerk();
        for (const Probe& probe : labProbes())
            if (probe.method == "GET" && !probe.automatic)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(probe.path, 200, send(*clerk, probe).status);
    }

    void testEveryFormNeedsItsCsrfToken()
    {
        auto pearlOwner = _bank->pearlOwner();
        auto clerk = _bank->clerk();
        const std::string before = fingerprint();
        for (const Probe& probe : clinicProbes())
            if (probe.method == "POST")
                CPPUNIT_ASSERT_EQUAL_MESSAGE(probe.path, 403, send(*pearlOwner, probe, false).status);
        for (const Probe& probe : labProbes())
            if (probe.method == "POST" && probe.route != "/lab/payments/bank/imports")
                CPPUNIT_ASSERT_EQUAL_MESSAGE(probe.path, 403, send(*clerk, probe, false).status);
        // The upload carries its token in a header: without it, or with a forged one, refused too.
        for (const std::string& token : {std::string(), std::string("forged")})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(token, 403, uploadWithToken(_bank->portal().port(), *clerk, token));
        CPPUNIT_ASSERT_EQUAL(before, fingerprint());
        // With its token the same upload is taken: the 403s above are the token's.
        CPPUNIT_ASSERT_EQUAL(303, uploadWithToken(_bank->portal().port(), *clerk, clerk->csrfToken()));
    }

    void testAStrangerAtTheWebhookRouteGetsNothing()
    {
        HttpBrowser stranger(_bank->portal());
        const std::string before = fingerprint();
        const std::string forged =
            "{\"events\":[{\"id\":\"e1\",\"kind\":\"succeeded\",\"key\":\"" + _invoice.attemptId + "\"}]}";
        for (const std::string& provider : {std::string("bank"), std::string("nobody"), std::string("..")}) {
            const Answer answer = stranger.postRaw("/payments/webhooks/" + provider, {{"body", forged}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(provider, 404, answer.status);
            MOLAR_ASSERT_NOT_CONTAINS(_invoice.attemptId, answer.body);
        }
        CPPUNIT_ASSERT_EQUAL(before, fingerprint());
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), _bank->invoiceState(_invoice.id));
    }

private:
    std::unique_ptr<BankPortal> _bank;
    BankInvoice _invoice;
    std::int64_t _pearl = 0, _smile = 0, _quote = 0, _list = 0, _import = 0, _method = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CrossOrganizationTest);
