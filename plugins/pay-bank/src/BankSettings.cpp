#include "BankSettings.h"

#include "Iban.h"

#include "molar/sdk/Errors.h"

#include <cctype>

namespace molar::paybank {

bool isValidBic(const std::string& text)
{
    if (text.size() != 8 && text.size() != 11)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool ok = i < 6 ? std::isupper(c) : (std::isupper(c) || std::isdigit(c));
        if (!ok)
            return false;
    }
    return true;
}

BankSettings readBankSettings(sdk::Config& config)
{
    BankSettings settings;
    settings.accountName = config.requireString("accountName");
    settings.bankName = config.getString("bankName", "");
    const std::string iban = config.requireString("iban");
    if (!Iban::isValid(iban))
        throw sdk::ConfigError(
            "iban", iban,
            "an IBAN (ISO 13616) whose check digits are right, e.g. QA58 DOHB 0000 1234 5678 "
            "90AB CDEF G; check it against the bank's letter");
    settings.iban = Iban::compact(iban);
    std::string bic;
    for (char c : config.getString("bic", ""))
        if (c != ' ')
            bic += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!bic.empty() && !isValidBic(bic))
        throw sdk::ConfigError("bic", config.getString("bic", ""),
                               "a BIC of 8 or 11 letters and digits, e.g. DOHBQAQA, or nothing");
    settings.bic = bic;
    return settings;
}

} // namespace molar::paybank
