// The cases and billing plugins in a real Portal with TestCardProvider offered, and the
// steps the cards tests share: an issued invoice, paying it by card through the invoice
// page, the numbers that show what changed.
#pragma once

#include "CasesPortal.h"
#include "TestCardProvider.h"

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace molar::test {

class SavedCardsPortal : public CasesPortal
{
public:
    explicit SavedCardsPortal(DemoPortal::Settings extra = {}) : CasesPortal(settings(extra))
    {
        provider = std::make_shared<TestCardProvider>();
        portal().paymentProviders().add("cards-test", provider, nullptr);
    }

    std::shared_ptr<TestCardProvider> provider;

    std::int64_t organizationOf(const std::string& email)
    {
        return db()
            .query("SELECT organization_id FROM molar_users WHERE email = ?", {email})
            .get(0, "organization_id")
            .asInt();
    }
    std::int64_t pearl() { return organizationOf("owner@pearl.example"); }
    std::int64_t smile() { return organizationOf("owner@smile.example"); }
    std::unique_ptr<HttpBrowser> smileOwner() { return signIn("owner@smile.example", "demo smile owner"); }
    std::unique_ptr<HttpBrowser> clerk() { return signIn("billing@lab.example", "demo billing clerk"); }

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).row(0).at(0).asInt();
    }

    // An issued invoice of `organization` in QAR, one line of `totalMinor`, no tax.
    std::int64_t issuedInvoice(std::int64_t organization, const std::string& number, std::int64_t totalMinor)
    {
        const std::int64_t now = 1778565600000;
        const std::int64_t id = db().insert(
            "INSERT INTO billing_invoices (number, organization_id, clinic_id, case_id, period, currency, "
            "state, "
            "subtotal_minor, tax_rate_bp, tax_minor, total_minor, paid_minor, refunded_minor, "
            "transfer_reference, created_at, updated_at, issued_at, due_at, created_by, version) "
            "VALUES (?, ?, 0, 0, '', 'QAR', 'issued', ?, 0, 0, ?, 0, 0, '', ?, ?, ?, ?, 0, 1)",
            {number, organization, totalMinor, totalMinor, now, now, now, std::int64_t(1781000000000)});
        db().execute(
            "INSERT INTO billing_invoice_lines (invoice_id, position, kind, case_id, case_number, "
            "item_code, description, quantity, unit_minor, amount_minor, reason, created_by, created_at) "
            "VALUES (?, 1, 'item', 0, 'TR-260512-1A4F', 'zirconia_crown', 'Zirconia crown', 1, ?, ?, "
            "'', 0, ?)",
            {id, totalMinor, totalMinor, now});
        return id;
    }

    // The clinic asks to pay the invoice by card: the attempt's id. A second later than the
    // last one, so that attempts come in the order they were made.
    std::string startCardPayment(HttpBrowser& payer, std::int64_t invoice)
    {
        clock.advance(std::chrono::seconds(1));
        const Answer asked = payer.post("/billing/invoices/" + std::to_string(invoice) + "/pay",
                                        {{"provider", TestCardProvider::name}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(asked.body, 200, asked.status);
        return provider->lastCheckout();
    }

    // The invoice paid in full by card: the payer paid at the provider and came back.
    std::string paidByCard(std::int64_t invoice)
    {
        auto payer = pearlOwner();
        const std::string attempt = startCardPayment(*payer, invoice);
        provider->settle(attempt);
        const Answer back = payer->get("/billing/invoices/" + std::to_string(invoice) + "?checkout=done");
        CPPUNIT_ASSERT_EQUAL(200, back.status);
        CPPUNIT_ASSERT_EQUAL(std::string("paid"), state(invoice));
        return attempt;
    }

    std::string state(std::int64_t invoice)
    {
        return db()
            .query("SELECT state FROM billing_invoices WHERE id = ?", {invoice})
            .get(0, "state")
            .asString();
    }

    // Waits up to 10 s for `sql` to count more than zero (a job's work).
    bool waitFor(const std::string& sql, const sdk::Params& params = {})
    {
        for (int i = 0; i < 500; ++i) {
            if (count(sql, params) > 0)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

private:
    static DemoPortal::Settings settings(DemoPortal::Settings extra)
    {
        DemoPortal::Settings all{{"plugins.enabled", "cases, billing"}};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }
};

} // namespace molar::test
