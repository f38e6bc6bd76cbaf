#include "charges/CaseChargeRules.h"

#include "invoices/InvoiceMath.h"

#include "molar/sdk/Errors.h"

#include <stdexcept>

namespace molar::billing {

namespace {

constexpr std::size_t kMaxNumber = 32;      // billing_invoice_lines.case_number
constexpr std::size_t kMaxPriceLabel = 100; // billing_case_prices.label
constexpr std::size_t kMaxLineText = 500;   // billing_invoice_lines.description
constexpr std::size_t kMaxChargeKey = 128;  // billing_case_charges.charge_key
constexpr std::size_t kMaxItemKey = 64;     // billing_invoice_lines.item_code
constexpr std::int64_t kMaxQuantity = 1000; // as a line added by hand

[[noreturn]] void refuse(const char* event, const std::string& why)
{
    throw sdk::PermanentError(std::string(event) + " refused: " + why);
}

bool hasControl(const std::string& text)
{
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f)
            return true;
    return false;
}

// "aligners.charge.replacement": a plugin's catalog key, told from a product code
// ("zirconia_crown") by its dot.
bool isCatalogKey(const std::string& key)
{
    if (key.find('.') == std::string::npos || key.front() == '.' || key.back() == '.')
        return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return false;
    return true;
}

std::int64_t positiveId(const char* event, const sdk::Value& payload, const char* field)
{
    const sdk::Value& value = payload.get(field);
    if (!value.isInt() || value.asInt() <= 0)
        refuse(event, std::string(field) + " must be a positive integer (the case's shape is unknown)");
    return value.asInt();
}

std::string text(const char* event, const sdk::Value& payload, const char* field, std::size_t most)
{
    const sdk::Value& value = payload.get(field);
    if (value.isNull())
        return "";
    if (!value.isString())
        refuse(event, std::string(field) + " must be text");
    const std::string& out = value.asString();
    if (out.size() > most)
        refuse(event, std::string(field) + " is longer than " + std::to_string(most) + " bytes");
    if (hasControl(out))
        refuse(event, std::string(field) + " holds control characters");
    return out;
}

sdk::Money money(const char* event, const sdk::Value& payload)
{
    const sdk::Value& amount = payload.get("amountMinor");
    if (!amount.isInt())
        refuse(event, "amountMinor must be an integer of minor units");
    if (amount.asInt() < 0)
        refuse(event, "amountMinor " + std::to_string(amount.asInt()) + " is negative");
    if (!lineAmount(1, amount.asInt()))
        refuse(event,
               "amountMinor " + std::to_string(amount.asInt()) + " is beyond what an invoice line holds");
    const std::string currency = payload.getString("currency");
    try {
        sdk::currencyMinorDigits(currency);
    } catch (const std::invalid_argument&) {
        refuse(event, "currency '" + currency + "' is not an ISO 4217 code billing invoices in");
    }
    return {amount.asInt(), currency};
}

std::int64_t clinicOf(const char* event, const sdk::Value& payload)
{
    const std::int64_t clinicId = payload.getInt("clinicId");
    if (clinicId < 0)
        refuse(event, "clinicId must not be negative");
    return clinicId;
}

} // namespace

PricedCase readPricedCase(const sdk::Value& payload)
{
    const char* event = "case.priced";
    PricedCase out;
    out.caseId = positiveId(event, payload, "caseId");
    out.organizationId = positiveId(event, payload, "organizationId");
    out.clinicId = clinicOf(event, payload);
    out.number = text(event, payload, "number", kMaxNumber);
    out.price = money(event, payload);
    out.label = text(event, payload, "label", kMaxPriceLabel);
    out.source = text(event, payload, "source", 64);
    return out;
}

CaseCharge readCaseCharge(const sdk::Value& payload)
{
    const char* event = "case.charged";
    CaseCharge out;
    out.chargeKey = payload.getString("chargeKey");
    if (out.chargeKey.empty() || out.chargeKey.size() > kMaxChargeKey)
        refuse(event, "chargeKey must be 1 to " + std::to_string(kMaxChargeKey) + " characters");
    for (char c : out.chargeKey)
        if (c < 0x21 || c > 0x7e)
            refuse(event, "chargeKey must be printable ASCII without spaces");
    out.caseId = positiveId(event, payload, "caseId");
    out.organizationId = positiveId(event, payload, "organizationId");
    out.clinicId = clinicOf(event, payload);
    out.number = text(event, payload, "number", kMaxNumber);
    out.amount = money(event, payload);
    out.label = text(event, payload, "label", kMaxLineText);
    if (out.label.find_first_not_of(' ') == std::string::npos)
        refuse(event, "label (the line's text) is required");
    out.itemKey = text(event, payload, "itemKey", kMaxItemKey);
    if (!out.itemKey.empty() && !isCatalogKey(out.itemKey))
        refuse(event, "itemKey must be a catalog key with a dot (\"aligners.charge.replacement\")");
    out.detail = text(event, payload, "detail", kMaxLineText);
    const sdk::Value& quantity = payload.get("quantity");
    if (!quantity.isNull()) {
        if (!quantity.isInt() || quantity.asInt() < 1 || quantity.asInt() > kMaxQuantity)
            refuse(event, "quantity must be a whole number from 1 to " + std::to_string(kMaxQuantity));
        if (out.amount.minor % quantity.asInt() != 0)
            refuse(event, "amountMinor " + std::to_string(out.amount.minor) + " is not " +
                              std::to_string(quantity.asInt()) + " times a unit price");
        out.quantity = quantity.asInt();
    }
    return out;
}

std::string agreedLineName(const std::string& productName, const std::string& label)
{
    if (label.empty())
        return productName;
    return productName + " (" + label + ")";
}

std::string agreedDifferenceKey(std::int64_t caseId)
{
    return "case.priced." + std::to_string(caseId);
}

} // namespace molar::billing
