#include "web/InvoiceView.h"

#include "molar/sdk/Money.h"

#include <date/tz.h>

#include <cstdio>
#include <map>

namespace molar::billing {

namespace {

// Zones by name, per thread: date::locate_zone searches a list.
const date::time_zone* zoneNamed(const std::string& name)
{
    thread_local std::map<std::string, const date::time_zone*> zones;
    const auto found = zones.find(name);
    if (found != zones.end())
        return found->second;
    const date::time_zone* zone = nullptr;
    try {
        zone = name.empty() ? nullptr : date::locate_zone(name);
    } catch (const std::exception&) {
    }
    if (zones.size() > 64)
        zones.clear();
    return zones.emplace(name, zone).first->second;
}

} // namespace

InvoiceView::InvoiceView(const InvoicePageSettings& lab, Translate translate, std::string timeZone,
                         bool rightToLeft, sdk::Locales* locales, std::string language)
    : _lab(lab), _t(std::move(translate)), _viewer{std::move(language), std::move(timeZone)},
      _rightToLeft(rightToLeft), _locales(locales)
{
}

std::string InvoiceView::t(const std::string& key,
                           const std::vector<std::pair<std::string, std::string>>& values) const
{
    std::string text = _t(key);
    for (const auto& [name, value] : values) {
        const std::string slot = "{" + name + "}";
        for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    }
    return text;
}

std::string InvoiceView::state(InvoiceState state) const
{
    return _t("billing.page.state." + stateCode(state));
}

std::string InvoiceView::dayInZone(std::int64_t utcMillis, const std::string& timeZone)
{
    using std::chrono::seconds;
    std::int64_t local = utcMillis / 1000;
    if (const date::time_zone* zone = zoneNamed(timeZone))
        local += zone->get_info(date::sys_seconds{seconds{utcMillis / 1000}}).offset.count();
    const date::year_month_day ymd{date::floor<date::days>(date::sys_seconds{seconds{local}})};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

std::string InvoiceView::minuteInZone(std::int64_t utcMillis, const std::string& timeZone)
{
    if (utcMillis == 0)
        return {};
    using std::chrono::seconds;
    std::int64_t local = utcMillis / 1000;
    try {
        const date::time_zone* zone = date::locate_zone(timeZone.empty() ? "UTC" : timeZone);
        local += zone->get_info(date::sys_seconds{seconds{utcMillis / 1000}}).offset.count();
    } catch (const std::exception&) {
        // An unknown zone: UTC.
    }
    const date::sys_seconds at{seconds{local}};
    const auto day = date::floor<date::days>(at);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<seconds> clock{at - day};
    char text[24];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()));
    return text;
}

std::string InvoiceView::day(std::int64_t utcMillis) const
{
    if (utcMillis == 0)
        return std::string();
    return _locales ? _locales->date(utcMillis, _viewer) : dayInZone(utcMillis, _viewer.timeZone);
}

std::string InvoiceView::dateTime(std::int64_t utcMillis, const std::string& timeZone) const
{
    if (utcMillis == 0)
        return std::string();
    if (!_locales)
        return minuteInZone(utcMillis, timeZone);
    return _locales->dateTime(utcMillis, sdk::Viewer{_viewer.language, timeZone});
}

std::string InvoiceView::amount(std::int64_t minor, const std::string& currency) const
{
    return _locales ? _locales->money({minor, currency}, _viewer.language) : money(minor, currency);
}

std::string InvoiceView::lineAmount(std::int64_t minor, const std::string& currency) const
{
    return _locales ? _locales->money({minor, currency}, _viewer.language)
                    : sdk::formatMinorUnits(minor, currency);
}

std::string InvoiceView::count(std::int64_t value) const
{
    return _locales ? _locales->number(value, _viewer.language) : std::to_string(value);
}

std::string InvoiceView::rate(std::int64_t basisPoints) const
{
    return _locales ? _locales->percent(static_cast<double>(basisPoints) / 10000.0, _viewer.language)
                    : percent(basisPoints);
}

std::string InvoiceView::money(std::int64_t minor, const std::string& currency)
{
    return sdk::formatMoney({minor, currency});
}

std::string InvoiceView::percent(std::int64_t basisPoints)
{
    std::string text = std::to_string(basisPoints / 100);
    const std::int64_t fraction = basisPoints % 100;
    if (fraction != 0) {
        char digits[4];
        std::snprintf(digits, sizeof digits, "%02d", static_cast<int>(fraction));
        std::string decimals = digits;
        if (decimals.back() == '0')
            decimals.pop_back();
        text += "." + decimals;
    }
    return text + "%";
}

std::string InvoiceView::lineText(const InvoiceLine& line) const
{
    if (line.kind != LineKind::Item) {
        const std::string text = _t("billing.page.line." + lineKindCode(line.kind));
        return line.reason.empty() ? text : text + ": " + line.reason;
    }
    // The product in the viewer's language where the catalog's owner has it; a charge
    // another plugin named (case.charged's itemKey) is a whole key.
    const bool wholeKey = line.itemCode.find('.') != std::string::npos;
    const std::string key = wholeKey ? line.itemCode : "cases.productName." + line.itemCode;
    const std::string name = line.itemCode.empty() ? key : _t(key);
    // The description already names a variant ("Clear aligners (TWO)"); a translated
    // name gets it added.
    return name == key ? line.description : line.reason.empty() ? name : name + " (" + line.reason + ")";
}

std::string InvoiceView::describe(const InvoiceLine& line) const
{
    const std::string text = lineText(line);
    return line.caseNumber.empty() ? text : line.caseNumber + " · " + text;
}

std::vector<InvoiceDocumentTotal> InvoiceView::totals(const Invoice& invoice) const
{
    const std::string& c = invoice.currency;
    std::vector<InvoiceDocumentTotal> out;
    out.push_back({_t("billing.page.subtotal"), amount(invoice.subtotalMinor, c), false});
    out.push_back({t("billing.page.tax", {{"rate", rate(invoice.taxRateBasisPoints)}}),
                   amount(invoice.taxMinor, c), false});
    out.push_back({_t("billing.page.total"), amount(invoice.totalMinor, c), true});
    if (invoice.paidMinor != 0 || invoice.refundedMinor != 0)
        out.push_back({_t("billing.page.paid"), amount(invoice.paidMinor, c), false});
    if (invoice.refundedMinor != 0)
        out.push_back({_t("billing.page.refunded"), amount(invoice.refundedMinor, c), false});
    // Paid more than the total (two transfers for one invoice): the excess, said as such.
    if (invoice.balanceMinor() < 0)
        out.push_back({_t("billing.page.overpaid"), amount(-invoice.balanceMinor(), c), true});
    else if (isOpen(invoice.state) || invoice.paidMinor != 0)
        out.push_back({_t("billing.page.balance"), amount(invoice.balanceMinor(), c), true});
    return out;
}

InvoiceDocument InvoiceView::document(const Invoice& invoice, const InvoiceParties& parties,
                                      const PaymentDetails& payment) const
{
    InvoiceDocument doc;
    doc.rightToLeft = _rightToLeft;
    doc.labName = _lab.labName;
    doc.labAddress = _lab.labAddress;
    doc.labContact = _lab.labPhone;
    if (!_lab.labEmail.empty())
        doc.labContact += (doc.labContact.empty() ? "" : " · ") + _lab.labEmail;
    doc.labTaxNumber = _lab.labTaxNumber;
    doc.number = invoice.number.empty() ? _t("billing.page.draft") : invoice.number;
    doc.issuedOn = day(invoice.issuedAt);
    doc.dueOn = day(invoice.dueAt);
    doc.state = state(invoice.state);
    doc.organizationName = parties.organizationName;
    doc.clinicName = parties.clinicName;
    for (const InvoiceLine& line : invoice.lines)
        doc.lines.push_back({describe(line), count(line.quantity),
                             lineAmount(line.unitMinor, invoice.currency),
                             lineAmount(line.amountMinor, invoice.currency)});
    doc.totals = totals(invoice);
    if (isOpen(invoice.state)) {
        doc.paymentInstructions = payment.instructions;
        doc.transferReference = payment.reference;
    }

    InvoiceDocumentLabels& labels = doc.labels;
    labels.title = _t("billing.pdf.title");
    labels.number = _t("billing.page.number");
    labels.issued = _t("billing.page.issued");
    labels.due = _t("billing.page.due");
    labels.state = _t("billing.page.state");
    labels.billedTo = _t("billing.page.billedTo");
    labels.taxNumber = _t("billing.page.taxNumber");
    labels.description = _t("billing.page.description");
    labels.quantity = _t("billing.page.quantity");
    labels.unitPrice = _t("billing.page.unitPrice");
    labels.amount = _t("billing.page.amount");
    labels.payment = _t("billing.pdf.howToPay");
    labels.reference = _t("billing.page.reference");
    labels.page = _t("billing.pdf.page");
    return doc;
}

sdk::Value InvoiceView::page(const Invoice& invoice, const InvoiceParties& parties,
                             const std::vector<InvoicePayment>& payments, const PaymentDetails& payment) const
{
    sdk::Value data = sdk::Value::object();
    data.set("number", invoice.number.empty() ? _t("billing.page.draft") : invoice.number);
    data.set("state", state(invoice.state));
    data.set("stateCode", stateCode(invoice.state));
    data.set("issuedOn", day(invoice.issuedAt));
    data.set("issuedStamp", invoice.issuedAt ? dayInZone(invoice.issuedAt, _viewer.timeZone) : "");
    data.set("dueOn", day(invoice.dueAt));
    data.set("dueStamp", invoice.dueAt ? dayInZone(invoice.dueAt, _viewer.timeZone) : "");
    data.set("hasDue", invoice.dueAt != 0);
    data.set("isOverdue", invoice.state == InvoiceState::Overdue);
    data.set("isVoid", invoice.state == InvoiceState::Void);
    data.set("voidReason", invoice.voidReason);
    data.set("organization", parties.organizationName);
    data.set("clinic", parties.clinicName);
    data.set("currency", invoice.currency);

    data.set("labName", _lab.labName);
    sdk::Value address = sdk::Value::array();
    for (const std::string& line : _lab.labAddress)
        address.push(line);
    data.set("labAddress", address);
    data.set("labTaxNumber", _lab.labTaxNumber);
    data.set("labPhone", _lab.labPhone);
    data.set("labEmail", _lab.labEmail);

    sdk::Value lines = sdk::Value::array();
    for (const InvoiceLine& line : invoice.lines) {
        sdk::Value row = sdk::Value::object();
        row.set("caseNumber", line.caseNumber);
        row.set("description", lineText(line));
        row.set("quantity", count(line.quantity));
        row.set("unitPrice", lineAmount(line.unitMinor, invoice.currency));
        row.set("amount", lineAmount(line.amountMinor, invoice.currency));
        row.set("isAdjustment", line.kind != LineKind::Item);
        lines.push(row);
    }
    data.set("hasLines", lines.size() > 0);
    data.set("lines", lines);

    sdk::Value totalRows = sdk::Value::array();
    for (const InvoiceDocumentTotal& total : totals(invoice))
        totalRows.push(sdk::Value::object(
            {{"label", total.label}, {"amount", total.amount}, {"strong", total.emphasis}}));
    data.set("totals", totalRows);

    sdk::Value received = sdk::Value::array();
    for (const InvoicePayment& p : payments) {
        received.push(sdk::Value::object({{"date", day(p.recordedAt)},
                                          {"kind", _t("billing.page.paymentKind." + p.kind)},
                                          {"provider", p.provider},
                                          {"amount", amount(p.amountMinor, p.currency)}}));
    }
    data.set("hasPayments", received.size() > 0);
    data.set("payments", received);

    data.set("paymentInstructions", payment.instructions);
    data.set("transferReference", payment.reference);
    data.set("hasPaymentDetails",
             isOpen(invoice.state) && (!payment.instructions.empty() || !payment.reference.empty()));
    data.set("isOpen", isOpen(invoice.state) && invoice.balanceMinor() > 0);
    data.set("balance", amount(invoice.balanceMinor(), invoice.currency));
    return data;
}

sdk::Value InvoiceView::row(const Invoice& invoice, const std::string& organizationName,
                            const std::string& href) const
{
    return sdk::Value::object({
        {"href", href},
        {"number", invoice.number.empty() ? _t("billing.page.draft") : invoice.number},
        {"organization", organizationName},
        {"issuedOn", day(invoice.issuedAt)},
        {"dueOn", day(invoice.dueAt)},
        {"state", state(invoice.state)},
        {"stateCode", stateCode(invoice.state)},
        {"total", amount(invoice.totalMinor, invoice.currency)},
        {"balance", amount(invoice.balanceMinor(), invoice.currency)},
    });
}

} // namespace molar::billing
