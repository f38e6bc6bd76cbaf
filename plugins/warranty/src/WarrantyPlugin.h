#pragma once

#include "WarrantySettings.h"
#include "claims/ClaimService.h"
#include "service/WarrantyService.h"
#include "web/WarrantyPage.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::warranty {

// Warranties on delivered work: issued when a case whose product carries one is first
// delivered, a printable card with a QR code, the public verify page, claims the lab
// approves into no-cost remakes or declines, the lab admin's voiding. The demo's delivered cases get theirs
// as any delivered case does.
class WarrantyPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;

private:
    WarrantySettings _settings;
    std::unique_ptr<WarrantyService> _service;
    std::unique_ptr<ClaimService> _claims;
    std::unique_ptr<WarrantyPage> _page;
};

} // namespace molar::warranty
