#include "prices/PricePages.h"

#include "molar/sdk/Errors.h"

namespace molar::billing {

std::string PricePages::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

std::string PricePages::t(const sdk::Request& request, const std::string& key,
                          const std::vector<std::pair<std::string, std::string>>& values) const
{
    std::string text = t(request, key);
    for (const auto& [name, value] : values) {
        const std::string slot = "{" + name + "}";
        for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    }
    return text;
}

std::string PricePages::itemName(const sdk::Request& request, const sdk::CatalogItem& item) const
{
    const std::string key = "cases.productName." + item.code;
    const std::string text = t(request, key);
    return text == key ? item.name : text;
}

std::string PricePages::time(const sdk::Request& request, std::int64_t utcMillis) const
{
    auto& locales = _host.locales();
    return locales.dateTime(utcMillis, locales.viewerOf(request));
}

std::string PricePages::money(const sdk::Request& request, const sdk::Money& amount) const
{
    return _host.locales().money(amount, request.language());
}

std::string PricePages::userName(std::int64_t userId) const
{
    const auto user = _host.accounts().user(userId);
    return user ? user->displayName : std::string();
}

std::string PricePages::amount(const sdk::Money& money)
{
    return sdk::formatMinorUnits(money.minor, money.currency);
}

void PricePages::guarded(const sdk::Request& request, const std::function<void()>& work) const
{
    try {
        work();
    } catch (const PriceRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), t(request, refusal.key()));
    }
}

} // namespace molar::billing
