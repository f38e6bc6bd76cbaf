#pragma once

#include "molar/sdk/Config.h"

#include <string>

namespace molar::paybank {

// The lab's bank account, as payers see it in the transfer instructions and on
// invoices (`pay-bank.*`).
struct BankSettings
{
    std::string accountName; // the account holder: the lab's legal name
    std::string bankName;
    std::string iban; // compact, upper case
    std::string bic;  // "" when not given
};

// Reads and checks the keys: the IBAN must pass the ISO 13616 mod-97 check and the
// BIC, when given, be 8 or 11 letters and digits. Throws sdk::ConfigError, which stops
// start-up with one line naming the key.
BankSettings readBankSettings(sdk::Config& config);

// Whether `text` is a BIC (ISO 9362): bank code 4 letters, country 2 letters,
// location 2 letters or digits, optional branch 3.
bool isValidBic(const std::string& text);

} // namespace molar::paybank
