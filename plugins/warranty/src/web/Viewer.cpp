#include "web/Viewer.h"

#include "terms/WarrantyTerm.h"

#include <exception>

namespace molar::warranty {

Viewer::Viewer(sdk::Host& host, const sdk::Request& request)
    : _words(host.views(), host.locales(), request.language()), _timeZone(host.timeZone())
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
