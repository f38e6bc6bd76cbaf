#pragma once

#include "BankProvider.h"
#include "BankRoutes.h"
#include "BankSettings.h"
#include "ReceiptRecorder.h"
#include "ReferenceStore.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::paybank {

// Bank transfer: a payment provider ("bank") whose checkout is a unique transfer
// reference and the lab's bank details, and the billing clerk's pages that record
// transfers received, by hand or from a bank statement.
class PayBankPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;

private:
    BankSettings _settings;
    std::unique_ptr<ReferenceStore> _references;
    std::shared_ptr<BankProvider> _provider;
    std::unique_ptr<ReceiptRecorder> _recorder;
    std::unique_ptr<BankRoutes> _routes;
};

} // namespace molar::paybank
