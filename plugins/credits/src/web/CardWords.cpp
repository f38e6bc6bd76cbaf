#include "web/CardWords.h"

#include <cctype>

namespace molar::credits {

std::string describeCard(const ClinicViewer& viewer, const sdk::SavedPaymentMethod& method)
{
    const std::string& brand = method.method.brand;
    const std::string key = "credits.card.brand." + brand;
    std::string name = brand.empty() ? viewer.t("credits.card.brand.unknown") : viewer.t(key);
    if (!brand.empty() && name == key) {
        // A brand the catalog does not name: "sepa_debit" -> "Sepa debit".
        name = brand;
        for (char& c : name)
            if (c == '_')
                c = ' ';
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    }
    return name + " •••• " + method.method.last4;
}

} // namespace molar::credits
