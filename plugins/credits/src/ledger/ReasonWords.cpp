#include "ledger/ReasonWords.h"

namespace molar::credits {

bool isReasonValue(const std::string& value)
{
    if (value.empty() || value.size() > 64)
        return false;
    for (char c : value)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    return true;
}

std::string ReasonWords::encodedFields() const
{
    std::string out;
    for (const auto& [name, value] : fields) {
        // Left out rather than refused: the entry is money and must be written; a reader
        // missing a field gets the English reason instead.
        if (!isReasonValue(name) || !isReasonValue(value))
            continue;
        out += (out.empty() ? "" : ";") + name + "=" + value;
    }
    return out;
}

std::map<std::string, std::string> ReasonWords::decodeFields(const std::string& text)
{
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string pair = text.substr(start, end - start);
        const auto eq = pair.find('=');
        if (eq != std::string::npos && eq > 0)
            out[pair.substr(0, eq)] = pair.substr(eq + 1);
        start = end + 1;
    }
    return out;
}

std::string topUpReference(std::int64_t topupId)
{
    return "TOPUP-" + std::to_string(topupId);
}

} // namespace molar::credits
