#include "web/PageViewer.h"

namespace molar::nps {

PageViewer::PageViewer(sdk::Host& host, const sdk::Request& request)
    : _views(host.views()), _locales(host.locales()), _viewer(_locales.viewerOf(request))
{
    const auto& principal = request.principal();
    if (!principal)
        return;
    _side = principal->side;
    _role = principal->role;
    _userId = principal->userId;
    if (principal->side == "clinic")
        _organizationId = principal->organizationId;
}

bool PageViewer::answersFor(const FeedbackRequest& request) const
{
    if (!isClinic() || request.organizationId != _organizationId)
        return false;
    return _role == "owner" || _role == "staff" || request.ownerUserId == _userId;
}

std::string PageViewer::t(const std::string& key) const
{
    return _views.translate(key, _viewer.language);
}

std::string PageViewer::t(const std::string& key,
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

std::string PageViewer::day(std::int64_t instantMs) const
{
    return _locales.date(instantMs, _viewer, sdk::DateStyle::Long);
}

std::string PageViewer::dayAndTime(std::int64_t instantMs) const
{
    return _locales.dateTime(instantMs, _viewer, sdk::DateStyle::Long);
}

std::string PageViewer::month(const std::string& yearMonth) const
{
    if (yearMonth.size() != 7 || yearMonth[4] != '-' ||
        yearMonth.find_first_not_of("0123456789", 5) != std::string::npos)
        return yearMonth;
    try {
        return _locales.month(std::stoi(yearMonth.substr(0, 4)), std::stoi(yearMonth.substr(5, 2)),
                              _viewer.language);
    } catch (const std::invalid_argument&) {
        return yearMonth; // month 00 or 13
    }
}

std::string PageViewer::product(const std::string& code, const std::string& name) const
{
    if (code.empty())
        return name;
    const std::string key = "cases.productName." + code;
    const std::string words = t(key);
    return words == key ? name : words;
}

std::int64_t idFromPath(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

} // namespace molar::nps
