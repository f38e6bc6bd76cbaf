#include "web/ClinicViewer.h"

#include "molar/sdk/Errors.h"

namespace molar::credits {

ClinicViewer::ClinicViewer(sdk::Host& host, const sdk::Request& request)
    : _host(host), _viewer(host.locales().viewerOf(request))
{
    const auto& principal = request.principal();
    if (principal && principal->side == "clinic" && principal->organizationId != 0) {
        _organizationId = principal->organizationId;
        _owner = principal->role == "owner";
    }
}

std::int64_t ClinicViewer::organization() const
{
    if (_organizationId == 0)
        throw sdk::HttpError(403, t("credits.page.error.clinicOnly"));
    return _organizationId;
}

std::int64_t ClinicViewer::ownerOrganization() const
{
    const std::int64_t organizationId = organization();
    if (!_owner)
        throw sdk::HttpError(403, t("credits.page.error.ownerOnly"));
    return organizationId;
}

bool ClinicViewer::isOwner() const
{
    return _organizationId != 0 && _owner;
}

std::string ClinicViewer::t(const std::string& key) const
{
    return _host.views().translate(key, _viewer.language);
}

std::string ClinicViewer::t(const std::string& key,
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

std::string ClinicViewer::refusal(const std::string& key, const std::string& fallbackKey) const
{
    const std::string words = t(key);
    return words == key ? t(fallbackKey) : words;
}

std::string ClinicViewer::providerName(const sdk::PaymentCapabilities& provider) const
{
    const std::string key = "payment.provider." + provider.name;
    const std::string words = t(key);
    if (words != key)
        return words;
    return provider.displayName.empty() ? provider.name : provider.displayName;
}

std::string ClinicViewer::percent(int basisPoints) const
{
    return _host.locales().percent(basisPoints / 10000.0, _viewer.language);
}

std::string ClinicViewer::money(std::int64_t minor, const std::string& currency) const
{
    return _host.locales().money({minor, currency}, _viewer.language);
}

std::string ClinicViewer::time(std::int64_t utcMillis) const
{
    return _host.locales().dateTime(utcMillis, _viewer);
}

} // namespace molar::credits
