#pragma once

#include "WarrantySettings.h"
#include "claims/Claim.h"

#include "molar/sdk/Files.h"
#include "molar/sdk/Plugin.h"

#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace molar::warranty {

// Photos sent with a claim: each written to the plugin's file store, checked to be a JPEG
// or PNG that decodes within the limits, and stripped of its metadata (camera, place,
// names) as the cases plugin strips a case's photos, all before it is kept. Nothing is
// visible until commit(); what is not committed is removed.
class ClaimPhotos
{
public:
    ClaimPhotos(sdk::Host& host, const WarrantySettings& settings) : _host(host), _settings(settings) {}

    // Reads one photo of the request. WarrantyRefusal(400, warranty.claim.error.photo) for
    // a file that is no photo, (413, ...photoTooLarge) past the size limit, (413,
    // ...tooManyPhotos) past the count.
    void receive(const std::string& fileName, std::istream& in);
    // Makes them visible; answers them for the claim's rows.
    std::vector<ClaimPhoto> commit();
    // Removes what commit() made visible (the claim was not filed after all).
    void discard(const std::vector<ClaimPhoto>& committed);

private:
    struct Pending
    {
        std::unique_ptr<sdk::FileWriter> writer;
        ClaimPhoto photo;
    };

    sdk::Host& _host;
    const WarrantySettings& _settings;
    std::vector<Pending> _pending;
};

} // namespace molar::warranty
