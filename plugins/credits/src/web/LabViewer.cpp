#include "web/LabViewer.h"

#include "ledger/CreditRefusal.h"

#include "molar/sdk/Errors.h"

namespace molar::credits {

LabViewer::LabViewer(sdk::Host& host, const sdk::Request& request)
    : _host(host), _viewer(host.locales().viewerOf(request))
{
    const auto& principal = request.principal();
    if (principal && principal->side == "lab") {
        _acts = principal->role == "admin" || principal->role == "billing";
        _reads = _acts || principal->role == "lead";
    }
}

void LabViewer::requireReader() const
{
    if (!_reads)
        throw sdk::HttpError(403, t("credits.lab.error.role"));
}

void LabViewer::requireActor() const
{
    if (!_acts)
        throw sdk::HttpError(403, t("credits.lab.error.actRole"));
}

std::string LabViewer::t(const std::string& key) const
{
    return _host.views().translate(key, _viewer.language);
}

std::string LabViewer::t(const std::string& key,
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

std::string LabViewer::refusal(const std::string& key, const std::string& fallbackKey) const
{
    const std::string words = t(key);
    return words == key ? t(fallbackKey) : words;
}

std::string LabViewer::time(std::int64_t utcMillis) const
{
    return _host.locales().dateTime(utcMillis, _viewer);
}

std::string LabViewer::money(std::int64_t minor, const std::string& currency) const
{
    return _host.locales().money({minor, currency}, _viewer.language);
}

void LabViewer::guarded(const std::function<void()>& work) const
{
    try {
        work();
    } catch (const CreditRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), this->refusal(refusal.key(), "credits.lab.error.refused"));
    }
}

std::int64_t idParameter(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

sdk::OrganizationInfo organizationNamed(sdk::Host& host, const sdk::Request& request, const LabViewer& viewer)
{
    const std::int64_t id = idParameter(request.param("organizationId"));
    const auto organization = id ? host.accounts().organization(id) : std::nullopt;
    if (!organization)
        throw sdk::HttpError(404, viewer.t("credits.lab.error.noOrganization"));
    return *organization;
}

} // namespace molar::credits
