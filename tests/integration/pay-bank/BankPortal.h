// A real Portal with the cases, billing and pay-bank plugins, the demo's people and the
// lab's bank account; invoices to pay as billing issues them, and payment attempts by
// bank transfer begun and checked out through the host's payment service.
#pragma once

#include "CasesPortal.h"

#include "molar/sdk/Payments.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace molar::test {

// Examples that pass the ISO 13616 check.
inline const char* labIban()
{
    return "QA58 DOHB 0000 1234 5678 90AB CDEF G";
}

inline DemoPortal::Settings bankSettings(DemoPortal::Settings extra = {})
{
    DemoPortal::Settings settings{{"plugins.enabled", "cases, billing, pay-bank"},
                                  {"pay-bank.accountName", "Molar Dental Laboratory W.L.L."},
                                  {"pay-bank.bankName", "Doha Bank"},
                                  {"pay-bank.iban", labIban()},
                                  {"pay-bank.bic", "DOHBQAQA"}};
    settings.insert(settings.end(), extra.begin(), extra.end());
    return settings;
}

// What a clinic is asked to pay by transfer: an invoice, its attempt and its reference.
struct BankInvoice
{
    std::int64_t id = 0;
    std::string number;
    std::string attemptId;
    std::string reference;
    sdk::PaymentResult checkout;
};

class BankPortal : public CasesPortal
{
public:
    explicit BankPortal(DemoPortal::Settings extra = {}) : CasesPortal(bankSettings(extra)) {}

    std::int64_t organizationOf(const std::string& email)
    {
        return db()
            .query("SELECT organization_id FROM molar_users WHERE email = ?", {email})
            .get(0, "organization_id")
            .asInt();
    }
    std::int64_t pearl() { return organizationOf("owner@pearl.example"); }

    std::int64_t nowMillis()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
    }

    // An issued invoice of Pearl Dental in QAR, as billing keeps it, and a bank transfer
    // begun for it: the attempt, its checkout and the reference the clinic quotes.
    BankInvoice issuedInvoice(const std::string& number, std::int64_t totalMinor)
    {
        BankInvoice invoice;
        invoice.number = number;
        const std::int64_t now = nowMillis();
        invoice.id =
            db().insert("INSERT INTO billing_invoices (number, organization_id, currency, state, "
                        "subtotal_minor, total_minor, created_at, updated_at, issued_at, due_at) VALUES "
                        "(?, ?, 'QAR', 'issued', ?, ?, ?, ?, ?, ?)",
                        {number, pearl(), totalMinor, totalMinor, now, now, now, now + 30LL * 86400000});
        sdk::PaymentPurpose purpose{"invoice", std::to_string(invoice.id), pearl(), number,
                                    "Invoice " + number};
        portal().database().transaction([&](sdk::Transaction& tx) {
            invoice.attemptId = portal().payments().begin(tx, purpose, "bank", {totalMinor, "QAR"}).id;
        });
        invoice.checkout = portal().payments().checkout(invoice.attemptId, "", "");
        invoice.reference = invoice.checkout.payerReference;
        return invoice;
    }

    std::string invoiceState(std::int64_t id)
    {
        return db().query("SELECT state FROM billing_invoices WHERE id = ?", {id}).get(0, "state").toString();
    }
    std::int64_t invoicePaid(std::int64_t id)
    {
        return db()
            .query("SELECT paid_minor FROM billing_invoices WHERE id = ?", {id})
            .get(0, "paid_minor")
            .asInt();
    }
    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).get(0, "n").asInt();
    }

    std::unique_ptr<HttpBrowser> clerk() { return signIn("billing@lab.example", "demo billing clerk"); }

    static std::string referencePath(const std::string& reference)
    {
        return "/lab/payments/bank/references/" + reference;
    }
};

} // namespace molar::test
