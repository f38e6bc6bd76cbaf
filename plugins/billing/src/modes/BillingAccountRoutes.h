#pragma once

#include "modes/BillingAccounts.h"

#include "molar/sdk/Plugin.h"

#include <map>
#include <string>

namespace molar::billing {

// /lab/billing/accounts: every organization with its billing mode, and a form per
// organization to change it. Lab admins and the billing clerk change modes; the lead
// reads them; the rest of the lab and every clinic account are refused (403).
// /billing/account: a clinic organization's owner reads its own mode (403 for the
// organization's other members, who do not answer for its billing).
class BillingAccountRoutes
{
public:
    BillingAccountRoutes(sdk::Host& host, const BillingAccounts& accounts) : _host(host), _accounts(accounts)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void list(sdk::Request& request, sdk::Response& response, std::int64_t organizationId = 0,
              const std::map<std::string, std::string>& errors = {}, const BillingAccount* entered = nullptr);
    void save(sdk::Request& request, sdk::Response& response);
    void own(sdk::Request& request, sdk::Response& response);
    std::string t(const sdk::Request& request, const std::string& key) const;
    // "Billing mode of Pearl Dental Group": each row's form named for its organization.
    std::string formLabel(const sdk::Request& request, const std::string& name) const;
    // Throws 403 unless the caller may read (edit = false) or change the modes.
    void requireRole(const sdk::Request& request, bool edit) const;

    sdk::Host& _host;
    const BillingAccounts& _accounts;
};

} // namespace molar::billing
