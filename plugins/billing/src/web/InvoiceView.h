#pragma once

#include "invoices/Invoice.h"
#include "pdf/InvoiceDocument.h"
#include "web/InvoicePageSettings.h"

#include "molar/sdk/Locale.h"
#include "molar/sdk/Value.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace molar::billing {

// Who the invoice is to, by name, and how to pay it as the provider told (offline
// instructions such as the lab's IBAN, and the reference to quote).
struct InvoiceParties
{
    std::string organizationName;
    std::string clinicName; // "" for the whole organization
};

struct PaymentDetails
{
    std::string instructions; // the offline provider's text; "" when none
    std::string reference;    // the transfer reference; "" when none yet
};

// An invoice in one viewer's words: catalog text in their language, days in their time
// zone, amounts with the currency's own minor digits. Builds the pages' data and the
// PDF's document alike, so both say the same; needs no HTTP and no database.
class InvoiceView
{
public:
    using Translate = std::function<std::string(const std::string& key)>;

    // `locales` (Host::locales()) writes days, amounts, counts and rates in `language`; without
    // it they keep their plain forms: "2026-05-12", "QAR 1,250.50", "3", "5%".
    InvoiceView(const InvoicePageSettings& lab, Translate translate, std::string timeZone, bool rightToLeft,
                sdk::Locales* locales = nullptr, std::string language = "en");

    std::string t(const std::string& key) const { return _t(key); }
    // The message with each "{name}" replaced.
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;

    std::string state(InvoiceState state) const;
    // UTC milliseconds as the viewer's day, "2026-05-12"; "" for 0.
    std::string day(std::int64_t utcMillis) const;
    // UTC milliseconds as a day and time in the viewer's language, read in `timeZone` (a
    // deadline in the lab's zone): "May 30, 2026, 11:59 PM", "2026-05-30 23:59" without
    // `locales`; "" for 0.
    std::string dateTime(std::int64_t utcMillis, const std::string& timeZone) const;
    // "QAR 1,250.50", "JPY 1,250", "KWD 1.250".
    static std::string money(std::int64_t minor, const std::string& currency);
    // An amount, a count and a rate as the viewer reads them.
    std::string amount(std::int64_t minor, const std::string& currency) const;
    std::string count(std::int64_t value) const;
    std::string rate(std::int64_t basisPoints) const;
    // A line's price or amount: the viewer's form, or the digits alone under the
    // table's currency without `locales` ("1,250.50").
    std::string lineAmount(std::int64_t minor, const std::string& currency) const;
    // Basis points as a percentage: 500 -> "5%", 250 -> "2.5%", 1225 -> "12.25%".
    static std::string percent(std::int64_t basisPoints);
    // What a line says: the product and its case, or the adjustment's kind and reason.
    std::string describe(const InvoiceLine& line) const;
    // The same without the case number.
    std::string lineText(const InvoiceLine& line) const;

    std::vector<InvoiceDocumentTotal> totals(const Invoice& invoice) const;
    InvoiceDocument document(const Invoice& invoice, const InvoiceParties& parties,
                             const PaymentDetails& payment) const;
    // The invoice page's data: header, lines, totals, payments received, how to pay.
    sdk::Value page(const Invoice& invoice, const InvoiceParties& parties,
                    const std::vector<InvoicePayment>& payments, const PaymentDetails& payment) const;
    // One row of a list.
    sdk::Value row(const Invoice& invoice, const std::string& organizationName,
                   const std::string& href) const;

    // "YYYY-MM-DD" of UTC milliseconds in an IANA zone (UTC for an unknown one).
    static std::string dayInZone(std::int64_t utcMillis, const std::string& timeZone);
    // "YYYY-MM-DD HH:MM" the same way; "" for 0.
    static std::string minuteInZone(std::int64_t utcMillis, const std::string& timeZone);

private:
    const InvoicePageSettings& _lab;
    Translate _t;
    sdk::Viewer _viewer;
    bool _rightToLeft;
    sdk::Locales* _locales;
};

} // namespace molar::billing
