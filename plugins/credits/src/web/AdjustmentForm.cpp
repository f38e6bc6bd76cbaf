#include "web/AdjustmentForm.h"

#include "molar/sdk/Money.h"

#include <random>

namespace molar::credits {

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Characters, not bytes, of a UTF-8 text.
std::size_t characters(const std::string& text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

} // namespace

AdjustmentForm AdjustmentForm::read(const std::function<std::string(const std::string&)>& field,
                                    const std::string& currency)
{
    AdjustmentForm form;
    form.amount = field("amount");
    form.direction = field("direction");
    form.reason = trimmed(field("reason"));
    form.key = field("key");

    if (!isKey(form.key))
        form.errors["key"] = "credits.lab.error.form";
    // A sign would say the direction twice, perhaps differently: the amount is typed positive.
    const std::string amount = trimmed(form.amount);
    const auto minor = amount.size() > 32 ? std::nullopt : sdk::parseMinorUnits(amount, currency);
    if (amount.empty())
        form.errors["amount"] = "credits.lab.error.amountRequired";
    else if (!minor || *minor <= 0)
        form.errors["amount"] = "credits.lab.error.amount";
    else
        form.amountMinor = *minor;
    if (form.direction != "add" && form.direction != "remove")
        form.errors["direction"] = "credits.lab.error.direction";
    if (form.reason.empty())
        form.errors["reason"] = "credits.lab.error.reasonRequired";
    else if (characters(form.reason) > kMaxReasonCharacters)
        form.errors["reason"] = "credits.lab.error.reasonTooLong";
    return form;
}

std::string AdjustmentForm::newKey()
{
    static const char* hex = "0123456789abcdef";
    thread_local std::random_device device;
    std::string key;
    for (int i = 0; i < 4; ++i) {
        const unsigned int bits = device();
        for (int nibble = 0; nibble < 4; ++nibble)
            key += hex[(bits >> (nibble * 4)) & 15];
    }
    return key;
}

bool AdjustmentForm::isKey(const std::string& text)
{
    return text.size() == 16 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::optional<int> parsePercent(const std::string& typed, int maxBasisPoints)
{
    std::string text = trimmed(typed);
    if (!text.empty() && text.back() == '%')
        text = trimmed(text.substr(0, text.size() - 1));
    const auto dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    const std::string decimals = dot == std::string::npos ? "" : text.substr(dot + 1);
    const auto digitsOnly = [](const std::string& s) {
        return s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (whole.empty() || whole.size() > 3 || !digitsOnly(whole) || !digitsOnly(decimals) ||
        decimals.size() > 2 || (dot != std::string::npos && decimals.empty()))
        return std::nullopt;
    int basisPoints = std::stoi(whole) * 100;
    if (!decimals.empty())
        basisPoints += std::stoi(decimals) * (decimals.size() == 1 ? 10 : 1);
    if (basisPoints > maxBasisPoints)
        return std::nullopt;
    return basisPoints;
}

std::string percentText(int basisPoints)
{
    std::string text = std::to_string(basisPoints / 100);
    const int rest = basisPoints % 100;
    if (rest != 0) {
        text += '.';
        text += static_cast<char>('0' + rest / 10);
        if (rest % 10 != 0)
            text += static_cast<char>('0' + rest % 10);
    }
    return text;
}

} // namespace molar::credits
