#include "web/DashboardPanel.h"

#include "ledger/CreditLedger.h"
#include "web/ClinicViewer.h"
#include "web/CreditsPage.h"

namespace molar::credits {

std::vector<sdk::Panel> creditsPanel(CreditsServices& services, sdk::Request& request)
{
    const ClinicViewer viewer(services.host, request);
    const std::int64_t organizationId = viewer.organizationOrZero();
    if (organizationId == 0)
        return {};
    const CreditAccount account = services.ledger.account(services.host.database(), organizationId);
    sdk::Panel panel;
    panel.heading = viewer.t("credits.panel.heading");
    panel.text = viewer.t("credits.panel.balance",
                          {{"balance", viewer.money(account.balanceMinor, services.settings.currency)}});
    panel.linkText = viewer.t("credits.panel.link");
    panel.linkPath = CreditsPage::path;
    panel.order = 50;
    return {panel};
}

} // namespace molar::credits
