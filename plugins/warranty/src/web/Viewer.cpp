#include "web/Viewer.h"

#include "terms/WarrantyTerm.h"

#include "molar/sdk/Views.h"

#include <exception>

namespace molar::warranty {

Viewer::Viewer(sdk::Host& host, const sdk::Request& request)
    : _host(host), _language(request.language()), _timeZone(host.timeZone())
{
    const auto& principal = request.principal();
    if (!principal)
        return;
    if (!principal->timeZone.empty())
        _timeZone = principal->timeZone;
    _lab = principal->side == "lab";
    _role = principal->role;
    _userId = principal->userId;
    if (principal->side == "clinic")
        _organizationId = principal->organizationId;
}

bool Viewer::mayRead(const Warranty& warranty) const
{
    if (_lab)
        return true;
    if (_organizationId == 0 || warranty.organizationId != _organizationId)
        return false;
    return onlyDentist() == 0 || warranty.ownerUserId == _userId;
}

std::string Viewer::t(const std::string& key) const
{
    return _host.views().translate(key, _language);
}

std::string Viewer::t(const std::string& key,
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

std::string Viewer::day(const std::string& isoDay) const
{
    if (isoDay.size() != 10)
        return isoDay;
    const int month = std::stoi(isoDay.substr(5, 2));
    const std::string dayOfMonth = isoDay[8] == '0' ? isoDay.substr(9, 1) : isoDay.substr(8, 2);
    return t("warranty.day", {{"day", dayOfMonth},
                              {"month", t("warranty.month." + std::to_string(month))},
                              {"year", isoDay.substr(0, 4)}});
}

std::string Viewer::restoration(const Warranty& warranty) const
{
    const std::string key = "cases.productName." + warranty.product;
    const std::string words = t(key);
    return words == key ? warranty.restoration : words;
}

std::string Viewer::dayOf(std::int64_t instantMs) const
{
    try {
        return localDay(instantMs, _timeZone);
    } catch (const std::exception&) {
        return localDay(instantMs, "UTC"); // a zone the system no longer has
    }
}

std::int64_t idFrom(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

} // namespace molar::warranty
