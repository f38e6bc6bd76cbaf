// Billing modes with the real host and the cases plugin: net terms invoice each
// delivered case once and turn overdue by the clock; a monthly organization gets one
// invoice for the lab's month, also when two hosts roll it up at once; the lab's
// accounts page is for its admins and billing clerks.
#include "../cases/CasesPortal.h"

#include <atomic>
#include <future>
#include <thread>

using namespace molar;
using namespace molar::test;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::system_clock;

namespace {

// 2026-05-31T20:30:00Z: 23:30 on the last day of May in Qatar, where the lab works.
system_clock::time_point lastEveningOfMay()
{
    return system_clock::time_point(std::chrono::seconds(1780259400));
}

void moveTo(host::ManualClock& clock, system_clock::time_point at)
{
    clock.advance(at - clock.now());
}

// A portal with the cases and billing plugins, the lab in Qatar.
DemoPortal::Settings billingSettings(DemoPortal::Settings extra = {})
{
    DemoPortal::Settings settings{{"plugins.enabled", "cases, billing"}};
    settings.insert(settings.end(), extra.begin(), extra.end());
    return settings;
}

std::int64_t count(sdk::Database& db, const std::string& sql, const sdk::Params& params = {})
{
    return db.query(sql, params).row(0).at(0).asInt();
}

// Waits until the outbox has no job it could run now.
void settle(CasesPortal& cases)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        const std::int64_t now = host::millisSinceEpoch(cases.clock.now());
        if (count(cases.db(),
                  "SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND run_at "
                  "<= ?)",
                  {now}) == 0)
            return;
        CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                               std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::int64_t organizationOf(CasesPortal& cases, const std::string& email)
{
    return count(cases.db(), "SELECT organization_id FROM molar_users WHERE email = ?", {email});
}

} // namespace

class ModesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ModesTest);
    CPPUNIT_TEST(netTermsInvoiceEachDeliveredCaseOnceAndTurnOverdueOnce);
    CPPUNIT_TEST(aQuotedCaseIsInvoicedAtItsAcceptedPrice);
    CPPUNIT_TEST(theConfiguredTermsApplyAndABadValueStopsStartUp);
    CPPUNIT_TEST(monthlyOrganizationsGetOneInvoiceForTheLabsMonth);
    CPPUNIT_TEST(twoHostsRollUpAMonthIntoOneInvoice);
    CPPUNIT_TEST(theLabsAdminsAndClerksSetModesOthersAreRefused);
    CPPUNIT_TEST_SUITE_END();

    // A crown case of `dentist`'s organization taken by the lab from received to delivered.
    static std::int64_t deliveredCase(CasesPortal& cases, HttpBrowser& dentist, HttpBrowser& admin,
                                      const std::string& patientRef,
                                      const std::string& clinicOwner = "owner@pearl.example")
    {
        const std::int64_t id = cases.completeCrownDraft(dentist, patientRef, clinicOwner);
        cases.submit(dentist, id);
        for (const char* action : {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                action, 303, admin.post("/cases/" + std::to_string(id) + "/actions/" + action, {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), cases.status(id));
        return id;
    }

    static void setMode(HttpBrowser& admin, std::int64_t organizationId, const std::string& mode,
                        const std::string& days = "30")
    {
        const Answer answer = admin.post("/lab/billing/accounts/" + std::to_string(organizationId),
                                         {{"mode", mode}, {"netTermsDays", days}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }

    static sdk::Value deliveredPayload(CasesPortal& cases, std::int64_t caseId)
    {
        auto row = cases.db().query("SELECT id, number, organization_id, clinic_id, product FROM cases_cases "
                                    "WHERE id = ?",
                                    {caseId});
        return sdk::Value::object({{"caseId", caseId},
                                   {"number", row.get(0, "number").toString()},
                                   {"organizationId", row.get(0, "organization_id").asInt()},
                                   {"clinicId", row.get(0, "clinic_id").asInt()},
                                   {"product", row.get(0, "product").toString()},
                                   {"event", "case.delivered"}});
    }

    static void enqueue(CasesPortal& cases, const std::string& job, const sdk::Value& payload, int times)
    {
        cases.db().transaction([&](sdk::Transaction& tx) {
            for (int i = 0; i < times; ++i)
                cases.portal().jobs().enqueue(tx, job, payload, std::chrono::milliseconds(0), "");
        });
        cases.portal().jobs().wake();
    }

public:
    void netTermsInvoiceEachDeliveredCaseOnceAndTurnOverdueOnce()
    {
        CasesPortal cases(billingSettings());
        std::atomic<int> overdueEvents{0};
        cases.portal().events().on("test", "invoice.overdue",
                                   [&](sdk::Transaction&, const sdk::Event&) { ++overdueEvents; });
        auto admin = cases.labAdmin();
        auto dentist = cases.pearlDentist();
        auto smile = cases.smileDentist();
        // Smile Studio pays with credits: its cases are not invoiced on delivery.
        setMode(*admin, organizationOf(cases, "dentist@smile.example"), "credits");

        const std::int64_t id = deliveredCase(cases, *dentist, *admin, "P-900");
        const std::int64_t credited = deliveredCase(cases, *smile, *admin, "S-900", "owner@smile.example");
        settle(cases);
        auto invoices = [&](std::int64_t caseId) {
            return count(cases.db(), "SELECT COUNT(*) FROM billing_invoices WHERE case_id = ?", {caseId});
        };
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), invoices(id));
        // The credits case has its draft from submission (the credits plugin settles it), no other.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), invoices(credited));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases.db(),
                                                    "SELECT COUNT(*) FROM billing_invoices WHERE case_id = ? "
                                                    "AND state <> 'draft'",
                                                    {credited}));
        CPPUNIT_ASSERT_EQUAL(std::string("credits"),
                             cases.db()
                                 .query("SELECT mode FROM billing_deliveries WHERE case_id = ?", {credited})
                                 .get(0, "mode")
                                 .toString());
        // The job again, twice (a retry, a second host): still one invoice.
        enqueue(cases, "billing.invoice-delivered", deliveredPayload(cases, id), 2);
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), invoices(id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count(cases.db(), "SELECT COUNT(*) FROM molar_jobs WHERE state = "
                                               "'parked'"));

        auto invoice = cases.db().query(
            "SELECT id, state, due_at, number, organization_id FROM billing_invoices WHERE case_id = ?",
            {id});
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), invoice.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000001"), invoice.get(0, "number").toString());
        // Delivered 2026-05-12 09:00 in Qatar: due 30 days on, at the end of 11 June in Qatar.
        const std::int64_t due = invoice.get(0, "due_at").asInt();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1781211599999), due); // 2026-06-11T20:59:59.999Z
        const std::int64_t invoiceId = invoice.get(0, "id").asInt();
        auto state = [&] {
            return cases.db()
                .query("SELECT state FROM billing_invoices WHERE id = ?", {invoiceId})
                .get(0, "state")
                .toString();
        };

        // The last minute of the due day: not yet overdue.
        moveTo(cases.clock, system_clock::time_point(std::chrono::milliseconds(due - 60 * 1000)));
        cases.portal().jobs().runDueSchedules();
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), state());
        CPPUNIT_ASSERT_EQUAL(0, overdueEvents.load());
        // Past it, the hourly sweep marks it overdue, once.
        cases.clock.advance(hours(1));
        for (int i = 0; i < 500 && state() != "overdue"; ++i) {
            cases.portal().jobs().runDueSchedules();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("overdue"), state());
        cases.clock.advance(hours(1));
        cases.portal().jobs().runDueSchedules();
        cases.clock.advance(hours(1));
        cases.portal().jobs().runDueSchedules();
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(1, overdueEvents.load());
        CPPUNIT_ASSERT_EQUAL(std::string("overdue"), state());
    }

    void aQuotedCaseIsInvoicedAtItsAcceptedPrice()
    {
        CasesPortal cases(billingSettings());
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-930");
        cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "quote", {}).status);
        const std::int64_t quote =
            count(cases.db(), "SELECT id FROM billing_quotes WHERE case_id = ? ORDER BY id DESC", {id});
        CPPUNIT_ASSERT_EQUAL(
            303, admin->post("/lab/billing/quotes/" + std::to_string(quote), {{"price", "1,999.50"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            303, dentist->post("/billing/quotes/" + std::to_string(quote) + "/accept", {{"confirm", "yes"}})
                     .status);
        for (const char* action : {"to_production", "to_finishing", "to_qc", "ship", "deliver"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action, 303, admin->post(base + action, {}).status);
        settle(cases);
        auto line =
            cases.db().query("SELECT l.unit_minor, l.amount_minor, i.currency FROM billing_invoice_lines l "
                             "JOIN billing_invoices i ON i.id = l.invoice_id WHERE i.case_id = ?",
                             {id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), line.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(199950), line.get(0, "unit_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(199950), line.get(0, "amount_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), line.get(0, "currency").toString());
    }

    void theConfiguredTermsApplyAndABadValueStopsStartUp()
    {
        {
            CasesPortal cases(billingSettings({{"billing.netTermsDays", "45"}}));
            const std::int64_t id = deliveredCase(cases, *cases.pearlDentist(), *cases.labAdmin(), "P-940");
            settle(cases);
            // Delivered 12 May in Qatar: due at the end of 26 June there.
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(1782507599999),
                count(cases.db(), "SELECT due_at FROM billing_invoices WHERE case_id = ?", {id}));
        }
        std::string message;
        try {
            CasesPortal cases(billingSettings({{"billing.netTermsDays", "0"}}));
        } catch (const std::exception& e) {
            message = e.what();
        }
        MOLAR_ASSERT_CONTAINS("billing.netTermsDays", message);
    }

    void monthlyOrganizationsGetOneInvoiceForTheLabsMonth()
    {
        CasesPortal cases(billingSettings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        {
            auto admin = cases.labAdmin();
            setMode(*admin, pearl, "monthly");
        }
        // Mid-May, the last evening of May (still May in Qatar) and half an hour into
        // June in Qatar, which is still 31 May in UTC.
        const std::int64_t midMay = deliveredCase(cases, *cases.pearlDentist(), *cases.labAdmin(), "P-910");
        moveTo(cases.clock, lastEveningOfMay());
        const std::int64_t lastEvening =
            deliveredCase(cases, *cases.pearlDentist(), *cases.labAdmin(), "P-911");
        moveTo(cases.clock, lastEveningOfMay() + hours(1));
        const std::int64_t june = deliveredCase(cases, *cases.pearlDentist(), *cases.labAdmin(), "P-912");
        settle(cases);
        // Nothing per case in monthly mode.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases.db(),
                                                    "SELECT COUNT(*) FROM billing_invoices WHERE "
                                                    "case_id IN (?, ?, ?)",
                                                    {midMay, lastEvening, june}));

        // The first run on 1 June (Qatar) rolls up May; a second run adds nothing.
        cases.clock.advance(hours(1));
        auto rollups = [&] {
            return count(cases.db(),
                         "SELECT COUNT(*) FROM billing_invoices WHERE organization_id = ? AND period "
                         "= '2026-05'",
                         {pearl});
        };
        for (int i = 0; i < 500 && rollups() == 0; ++i) {
            cases.portal().jobs().runDueSchedules();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        cases.clock.advance(hours(1));
        cases.portal().jobs().runDueSchedules();
        enqueue(cases, "billing.monthly-rollup.run", sdk::Value::object(), 1);
        settle(cases);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), rollups());
        auto invoice = cases.db().query(
            "SELECT id, state, case_id, number FROM billing_invoices WHERE organization_id = ? AND period = "
            "'2026-05'",
            {pearl});
        const std::int64_t invoiceId = invoice.get(0, "id").asInt();
        CPPUNIT_ASSERT_EQUAL(std::string("issued"), invoice.get(0, "state").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), invoice.get(0, "case_id").asInt());
        // May's two cases, each once; June's waits for July.
        auto lines = cases.db().query(
            "SELECT case_id FROM billing_invoice_lines WHERE invoice_id = ? ORDER BY case_id", {invoiceId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lines.size());
        CPPUNIT_ASSERT_EQUAL(midMay, lines.get(0, "case_id").asInt());
        CPPUNIT_ASSERT_EQUAL(lastEvening, lines.get(1, "case_id").asInt());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            count(cases.db(), "SELECT COUNT(*) FROM billing_invoice_lines WHERE case_id = ?", {june}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            count(cases.db(), "SELECT invoice_id FROM billing_deliveries WHERE case_id = ?", {june}));
    }

    void twoHostsRollUpAMonthIntoOneInvoice()
    {
        TestDatabase shared;
        const DemoPortal::Settings settings =
            billingSettings({{"db.url", shared.url()}, {"jobs.workers", "2"}});
        CasesPortal a(settings);
        const std::int64_t pearl = organizationOf(a, "owner@pearl.example");
        const std::int64_t smile = organizationOf(a, "owner@smile.example");
        std::vector<std::int64_t> may;
        {
            auto admin = a.labAdmin();
            setMode(*admin, pearl, "monthly");
            setMode(*admin, smile, "monthly");
            may.push_back(deliveredCase(a, *a.pearlDentist(), *admin, "P-920"));
            may.push_back(deliveredCase(a, *a.smileDentist(), *admin, "S-920", "owner@smile.example"));
            moveTo(a.clock, lastEveningOfMay());
            auto lateAdmin = a.labAdmin();
            may.push_back(deliveredCase(a, *a.pearlDentist(), *lateAdmin, "P-921"));
            may.push_back(deliveredCase(a, *a.smileDentist(), *lateAdmin, "S-921", "owner@smile.example"));
        }
        settle(a);

        const bool twoHosts = TestDatabase::backend() == "mysql";
        std::unique_ptr<CasesPortal> b;
        if (twoHosts)
            b = std::make_unique<CasesPortal>(settings);
        // 00:30 on 1 June in Qatar on every host: each runs the roll-up at once, by its
        // schedule and by jobs its workers take together. On MariaDB a transaction holds
        // the month's deliveries meanwhile, so every run has read them as unbilled before
        // any can claim one: the runs overlap for certain, however fast each is.
        const auto firstOfJune = lastEveningOfMay() + hours(1);
        std::promise<void> locked;
        std::future<void> holder;
        if (twoHosts) {
            holder = std::async(std::launch::async, [&] {
                a.db().transaction([&](sdk::Transaction& tx) {
                    tx.query("SELECT case_id FROM billing_deliveries WHERE invoice_id = 0 FOR UPDATE");
                    locked.set_value();
                    std::this_thread::sleep_for(std::chrono::seconds(3));
                });
            });
            locked.get_future().wait();
        }
        moveTo(a.clock, firstOfJune);
        if (b)
            moveTo(b->clock, firstOfJune);
        std::promise<void> go;
        std::shared_future<void> ready = go.get_future().share();
        auto runA = std::async(std::launch::async, [&, ready] {
            ready.wait();
            a.portal().jobs().runDueSchedules();
        });
        auto runB = std::async(std::launch::async, [&, ready] {
            ready.wait();
            (b ? *b : a).portal().jobs().runDueSchedules();
        });
        enqueue(a, "billing.monthly-rollup.run", sdk::Value::object(), 4);
        if (b)
            b->portal().jobs().wake();
        go.set_value();
        if (holder.valid())
            holder.get();
        runA.get();
        runB.get();
        settle(a);
        if (b)
            settle(*b);
        if (!twoHosts) {
            // SQLite: one host, the roll-up run twice more.
            enqueue(a, "billing.monthly-rollup.run", sdk::Value::object(), 2);
            settle(a);
        }

        for (std::int64_t organization : {pearl, smile}) {
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                                 count(a.db(),
                                       "SELECT COUNT(*) FROM billing_invoices WHERE organization_id = ?",
                                       {organization}));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(2), count(a.db(),
                                                        "SELECT COUNT(*) FROM billing_invoice_lines l JOIN "
                                                        "billing_invoices i ON i.id = l.invoice_id WHERE "
                                                        "i.organization_id = ? AND i.period = '2026-05'",
                                                        {organization}));
        }
        // Numbers without a gap: the runs that lost took none.
        auto numbers = a.db().query("SELECT number FROM billing_invoices ORDER BY number");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), numbers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000001"), numbers.get(0, "number").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000002"), numbers.get(1, "number").toString());
        for (std::int64_t caseId : may)
            CPPUNIT_ASSERT(
                count(a.db(), "SELECT invoice_id FROM billing_deliveries WHERE case_id = ?", {caseId}) > 0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             count(a.db(), "SELECT COUNT(*) FROM molar_jobs WHERE state = 'parked'"));
    }

    void theLabsAdminsAndClerksSetModesOthersAreRefused()
    {
        CasesPortal cases(billingSettings());
        const std::int64_t pearl = organizationOf(cases, "owner@pearl.example");
        const std::string path = "/lab/billing/accounts";
        // Clinic accounts and the lab's technicians are refused.
        CPPUNIT_ASSERT_EQUAL(403, cases.pearlDentist()->get(path).status);
        auto owner = cases.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(403, owner->get(path).status);
        CPPUNIT_ASSERT_EQUAL(
            403,
            owner->post(path + "/" + std::to_string(pearl), {{"mode", "monthly"}, {"netTermsDays", "30"}})
                .status);
        auto tech = cases.technician();
        CPPUNIT_ASSERT_EQUAL(403, tech->get(path).status);
        CPPUNIT_ASSERT_EQUAL(
            403, tech->post(path + "/" + std::to_string(pearl), {{"mode", "monthly"}, {"netTermsDays", "30"}})
                     .status);

        // The owner reads the organization's mode; its other members and the lab do not.
        const Answer own = owner->get("/billing/account");
        CPPUNIT_ASSERT_EQUAL(200, own.status);
        MOLAR_ASSERT_CONTAINS("<strong>Net terms</strong>", own.body);
        MOLAR_ASSERT_CONTAINS("<dd translate=\"no\">30</dd>", own.body);
        CPPUNIT_ASSERT_EQUAL(403, cases.pearlDentist()->get("/billing/account").status);
        CPPUNIT_ASSERT_EQUAL(403, tech->get("/billing/account").status);
        // Only those who may open them see the links.
        MOLAR_ASSERT_CONTAINS("href=\"/billing/account\"", own.body);
        MOLAR_ASSERT_NOT_CONTAINS("href=\"/billing/account\"", cases.pearlDentist()->get("/cases").body);
        MOLAR_ASSERT_NOT_CONTAINS("href=\"/lab/billing/accounts\"", tech->get("/lab/cases").body);

        // The billing clerk lists every organization on net terms by default.
        auto clerk = cases.signIn("billing@lab.example", "demo billing clerk");
        const Answer list = clerk->get(path);
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        MOLAR_ASSERT_CONTAINS("href=\"/lab/billing/accounts\"", list.body);
        MOLAR_ASSERT_CONTAINS("Pearl Dental Group", list.body);
        MOLAR_ASSERT_CONTAINS("Smile Studio", list.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"net_terms\" selected>Net terms</option>", list.body);

        // Mistakes are refused beside the field; another organization's id that does not exist is 404.
        const Answer badDays =
            clerk->post(path + "/" + std::to_string(pearl), {{"mode", "monthly"}, {"netTermsDays", "0"}});
        CPPUNIT_ASSERT_EQUAL(400, badDays.status);
        MOLAR_ASSERT_CONTAINS("Enter the payment terms as a whole number of days from 1 to 365.",
                              badDays.body);
        const Answer badMode =
            clerk->post(path + "/" + std::to_string(pearl), {{"mode", "barter"}, {"netTermsDays", "30"}});
        CPPUNIT_ASSERT_EQUAL(400, badMode.status);
        MOLAR_ASSERT_CONTAINS("Choose one of the billing modes in the list.", badMode.body);
        CPPUNIT_ASSERT_EQUAL(
            404, clerk->post(path + "/999999", {{"mode", "monthly"}, {"netTermsDays", "30"}}).status);
        CPPUNIT_ASSERT_EQUAL(404,
                             clerk->post(path + "/x1", {{"mode", "monthly"}, {"netTermsDays", "30"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), count(cases.db(), "SELECT COUNT(*) FROM billing_accounts"));

        // The clerk sets monthly with 45 days; the change is audited.
        const Answer saved =
            clerk->post(path + "/" + std::to_string(pearl), {{"mode", "monthly"}, {"netTermsDays", "45"}});
        CPPUNIT_ASSERT_EQUAL(303, saved.status);
        auto row = cases.db().query(
            "SELECT mode, net_terms_days FROM billing_accounts WHERE organization_id = ?", {pearl});
        CPPUNIT_ASSERT_EQUAL(std::string("monthly"), row.get(0, "mode").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(45), row.get(0, "net_terms_days").asInt());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             count(cases.db(),
                                   "SELECT COUNT(*) FROM molar_audit WHERE action = 'billing.mode_changed' "
                                   "AND organization_id = ? AND detail LIKE '%net_terms (30 days) -> "
                                   "monthly (45 days)%'",
                                   {pearl}));
        const Answer after = clerk->get(saved.header("Location"));
        MOLAR_ASSERT_CONTAINS("<option value=\"monthly\" selected>Monthly invoice</option>", after.body);
        MOLAR_ASSERT_CONTAINS("<td translate=\"no\">45</td>", after.body);
        MOLAR_ASSERT_CONTAINS("Saved.", after.body);
        const Answer changed = owner->get("/billing/account");
        MOLAR_ASSERT_CONTAINS("<strong>Monthly invoice</strong>", changed.body);
        MOLAR_ASSERT_CONTAINS("<dd translate=\"no\">45</dd>", changed.body);
        // The lab admin sets modes too.
        auto admin = cases.labAdmin();
        setMode(*admin, pearl, "prepay", "10");
        CPPUNIT_ASSERT_EQUAL(
            std::string("prepay"),
            cases.db()
                .query("SELECT mode FROM billing_accounts WHERE organization_id = ?", {pearl})
                .get(0, "mode")
                .toString());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ModesTest);
