#include "web/Viewer.h"

namespace molar::aligners {

Viewer::Viewer(sdk::Host& host, const sdk::Request& request)
    : _views(host.views()), _locales(host.locales()), _caller(PlanCaller::of(request)),
      _viewer(_locales.viewerOf(request))
{
}

std::string Viewer::t(const std::string& key) const
{
    return _views.translate(key, _viewer.language);
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

std::string Viewer::day(std::int64_t instantMs) const
{
    return _locales.date(instantMs, _viewer, sdk::DateStyle::Long);
}

std::string Viewer::dayAndTime(std::int64_t instantMs) const
{
    return _locales.dateTime(instantMs, _viewer, sdk::DateStyle::Long);
}

std::string Viewer::civilDay(int year, unsigned month, unsigned dayOfMonth) const
{
    return _locales.day(year, static_cast<int>(month), static_cast<int>(dayOfMonth), _viewer.language,
                        sdk::DateStyle::Long);
}

std::string Viewer::money(std::int64_t minor, const std::string& currency) const
{
    return _locales.money({minor, currency}, _viewer.language);
}

std::int64_t idFromPath(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

} // namespace molar::aligners
