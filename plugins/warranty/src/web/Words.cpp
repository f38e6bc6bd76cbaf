#include "web/Words.h"

#include "terms/WarrantyTerm.h"

namespace molar::warranty {

std::string Words::t(const std::string& key) const
{
    return _views.translate(key, _language);
}

std::string Words::t(const std::string& key,
                     const std::vector<std::pair<std::string, std::string>>& values) const
{
    std::string text = t(key);
    for (const auto& [name, value] : values) {
        const std::string slot = "{" + name + "}";
        for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    }
    return text;
}

std::string Words::day(const std::string& isoDay) const
{
    if (!isCalendarDay(isoDay))
        return isoDay;
    return _locales.day(std::stoi(isoDay.substr(0, 4)), std::stoi(isoDay.substr(5, 2)),
                        std::stoi(isoDay.substr(8, 2)), _language, sdk::DateStyle::Long);
}

std::string Words::restoration(const Warranty& warranty) const
{
    const std::string key = "cases.productName." + warranty.product;
    const std::string words = t(key);
    return words == key ? warranty.restoration : words;
}

} // namespace molar::warranty
