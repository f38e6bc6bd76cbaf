#pragma once

#include "WarrantySettings.h"
#include "claims/Claim.h"
#include "service/WarrantyService.h"
#include "store/Warranty.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::warranty {

// What a clinic sends to claim a warranty; the photos are already stored, stripped.
struct ClaimFiling
{
    std::string reason;      // a code of warranty.claim.reasons
    std::string description; // what happened
    std::string formKey;     // the form's own key: sent twice, it files one claim
    std::vector<ClaimPhoto> photos;
};

// Claims on warranties: a clinic files one on a valid warranty (one open at a time); the
// lab's admins and leads approve it into a no-cost remake of the case, or decline it with
// a reason. Each step is audited, evented (the lab told of a claim, the clinic of the
// answer) and on the case's timeline, in one transaction.
class ClaimService
{
public:
    ClaimService(sdk::Host& host, const WarrantySettings& settings, WarrantyService& warranties)
        : _host(host), _settings(settings), _warranties(warranties)
    {
    }

    // Answers the claim's id: the one already filed with this form key, if any.
    // WarrantyRefusal for an invalid warranty, a claim already open, a bad reason or an
    // empty description.
    std::int64_t file(const Warranty& warranty, const ClaimFiling& filing, const sdk::Actor& actor);
    // The remake is opened by the cases plugin (event case.open_remake) in the same
    // transaction; WarrantyRefusal(409) for a claim already decided.
    void approve(const Warranty& warranty, std::int64_t claimId, const sdk::Actor& actor);
    void decline(const Warranty& warranty, std::int64_t claimId, const std::string& reason,
                 const sdk::Actor& actor);

    // case.submitted: the remake opened for one of this plugin's claims names its case.
    void onCaseSubmitted(sdk::Transaction& tx, const sdk::Value& payload);

    const std::vector<std::string>& reasons() const { return _settings.claimReasons; }
    int maxPhotos() const { return _settings.claimMaxPhotos; }

private:
    void fileOnce(const Warranty& warranty, const ClaimFiling& filing, const std::string& description,
                  const sdk::Actor& actor, std::int64_t& id);
    void publish(sdk::Transaction& tx, const std::string& event, const Warranty& warranty, const Claim& claim,
                 const std::string& summaryKey, const std::string& actor);

    sdk::Host& _host;
    const WarrantySettings& _settings;
    WarrantyService& _warranties;
};

} // namespace molar::warranty
