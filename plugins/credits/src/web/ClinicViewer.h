#pragma once

#include "CreditsServices.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace molar::credits {

// Who is looking at a clinic page, in their words and time zone. Every member of a clinic
// organization reads its credits; only its owner acts (buys, saves a card, sets auto top-up).
class ClinicViewer
{
public:
    ClinicViewer(sdk::Host& host, const sdk::Request& request);

    // The viewer's organization; 403 for anyone not in a clinic organization.
    std::int64_t organization() const;
    // The organization, when the viewer is its owner; 403 for its other members.
    std::int64_t ownerOrganization() const;
    bool isOwner() const;
    // 0 when the viewer is not a member of a clinic organization (a visitor, the lab).
    std::int64_t organizationOrZero() const { return _organizationId; }

    const std::string& language() const { return _viewer.language; }
    const std::string& timeZone() const { return _viewer.timeZone; }

    std::string t(const std::string& key) const;
    // The message with each "{name}" replaced.
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;
    // A refusal's catalog key in the viewer's words; `fallbackKey` when the catalog has none.
    std::string refusal(const std::string& key, const std::string& fallbackKey) const;
    // A provider as payers know it: the catalog's payment.provider.<name>, else its displayName.
    std::string providerName(const sdk::PaymentCapabilities& provider) const;

    // An amount in the viewer's language: "QAR 1,250.50", "‏١٬٢٥٠٫٥٠ ر.ق.‏".
    std::string money(std::int64_t minor, const std::string& currency) const;
    // Basis points as the viewer's percentage: 1225 is "12.25%", "%12,25" in Turkish.
    std::string percent(int basisPoints) const;
    // An instant in the viewer's language and zone: "May 12, 2026, 9:00 AM".
    std::string time(std::int64_t utcMillis) const;

private:
    sdk::Host& _host;
    std::int64_t _organizationId = 0;
    bool _owner = false;
    sdk::Viewer _viewer; // language, and the user's zone or the lab's (Locales::viewerOf)
};

} // namespace molar::credits
