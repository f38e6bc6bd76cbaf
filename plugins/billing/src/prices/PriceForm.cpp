#include "prices/PriceForm.h"

#include "invoices/InvoiceMath.h"

namespace molar::billing {

namespace {

std::string trimmed(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return "";
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

} // namespace

PriceForm PriceForm::read(const std::vector<sdk::CatalogItem>& catalog,
                          const std::function<std::string(const std::string&)>& field)
{
    PriceForm form;
    for (const auto& item : catalog) {
        const std::string text = trimmed(field(fieldName(item.code)));
        form.typed[item.code] = text;
        if (text.empty())
            continue;
        if (text.size() > maxPriceCharacters) {
            form.errors[item.code] = "billing.prices.error.amount";
            continue;
        }
        // Minor units straight from the text: no floating point on the way.
        const auto minor = sdk::parseMinorUnits(text, item.currency);
        if (!minor)
            form.errors[item.code] = "billing.prices.error.amount";
        else if (*minor > kMaxAmountMinor) // no invoice line could hold it
            form.errors[item.code] = "billing.prices.error.amountTooLarge";
        else
            form.prices[item.code] = sdk::Money{*minor, item.currency};
    }
    return form;
}

} // namespace molar::billing
