#include "modes/BillingAccountRoutes.h"

#include "cards/CardOnFile.h"

#include "molar/sdk/Errors.h"

#include <chrono>
#include <cstdlib>

namespace molar::billing {

namespace {

const char* const kPath = "/lab/billing/accounts";
const char* const kOwnPath = "/billing/account";

bool parseDays(const std::string& text, int& days)
{
    if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    days = std::atoi(text.c_str());
    return days >= 1 && days <= BillingAccounts::kMaxNetTermsDays;
}

} // namespace

void BillingAccountRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", kPath, sdk::Access::Lab, [this](sdk::Request& request, sdk::Response& response) {
        requireRole(request, false);
        list(request, response);
    });
    routes.add("POST", std::string(kPath) + "/{organizationId}", sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) {
                   requireRole(request, true);
                   save(request, response);
               });
    routes.add("GET", kOwnPath, sdk::Access::Clinic,
               [this](sdk::Request& request, sdk::Response& response) { own(request, response); });
}

std::string BillingAccountRoutes::formLabel(const sdk::Request& request, const std::string& name) const
{
    std::string text = t(request, "billing.mode.formLabel");
    const auto at = text.find("{name}");
    if (at != std::string::npos)
        text.replace(at, 6, name);
    return text;
}

std::string BillingAccountRoutes::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

void BillingAccountRoutes::requireRole(const sdk::Request& request, bool edit) const
{
    const auto& principal = request.principal();
    const std::string role = principal && principal->side == "lab" ? principal->role : "";
    const bool allowed = role == "admin" || role == "billing" || (!edit && role == "lead");
    if (!allowed)
        throw sdk::HttpError(403, t(request, "billing.mode.error.role"));
}

void BillingAccountRoutes::list(sdk::Request& request, sdk::Response& response, std::int64_t organizationId,
                                const std::map<std::string, std::string>& errors,
                                const BillingAccount* entered)
{
    const auto& principal = request.principal();
    const bool canEdit = principal && (principal->role == "admin" || principal->role == "billing");
    const auto accounts = _accounts.all(_host.database());
    sdk::Value rows = sdk::Value::array();
    for (const auto& organization : _host.accounts().organizations("")) {
        auto found = accounts.find(organization.id);
        BillingAccount account;
        account.organizationId = organization.id;
        account.netTermsDays = _accounts.defaultNetTermsDays();
        if (found != accounts.end())
            account = found->second;
        const bool failed = entered && organization.id == organizationId;
        const BillingAccount& shown = failed ? *entered : account;
        sdk::Value options = sdk::Value::array();
        for (const auto& mode : BillingAccounts::modes())
            options.push(sdk::Value::object({{"value", mode},
                                             {"label", t(request, "billing.mode." + mode)},
                                             {"selected", mode == shown.mode}}));
        sdk::Value row = sdk::Value::object(
            {{"id", organization.id},
             {"name", organization.name},
             {"formLabel", formLabel(request, organization.name)},
             {"referenceCode", organization.referenceCode},
             {"modeLabel", t(request, "billing.mode." + account.mode)},
             {"hasTerms", account.mode == "net_terms" || account.mode == "monthly"},
             {"days", std::to_string(account.netTermsDays)},
             {"enteredDays", failed ? request.form("netTermsDays") : std::to_string(shown.netTermsDays)},
             {"options", options},
             {"saved", request.query("saved") == std::to_string(organization.id)}});
        // The card on file that prepay and autopay charge (src/cards/), or that there is none.
        const auto card = CardOnFile(_host).defaultCard(organization.id);
        row.set("card", card ? CardOnFile::describe(_host, *card, request.language()) : std::string());
        row.set("cardMissing", !card && CardOnFile::modeNeedsCard(account.mode));
        if (failed) {
            sdk::Value rowErrors = sdk::Value::object();
            for (const auto& [field, message] : errors)
                rowErrors.set(field, message);
            row.set("errors", rowErrors);
        }
        rows.push(row);
    }
    _host.views().page(request, response, "billing/billing-accounts", "billing.mode.title",
                       sdk::Value::object({{"rows", rows},
                                           {"hasRows", rows.size() > 0},
                                           {"canEdit", canEdit},
                                           {"defaultDays", _accounts.defaultNetTermsDays()}}));
}

void BillingAccountRoutes::own(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = request.principal();
    if (!principal || principal->side != "clinic" || principal->role != "owner")
        throw sdk::HttpError(403, t(request, "billing.mode.error.ownerOnly"));
    const BillingAccount account = _accounts.accountOf(_host.database(), principal->organizationId);
    const bool hasTerms = account.mode == "net_terms" || account.mode == "monthly";
    _host.views().page(request, response, "billing/billing-account", "billing.mode.yours",
                       sdk::Value::object({{"modeLabel", t(request, "billing.mode." + account.mode)},
                                           {"modeHelp", t(request, "billing.mode." + account.mode + ".help")},
                                           {"hasTerms", hasTerms},
                                           {"days", std::to_string(account.netTermsDays)}}));
}

void BillingAccountRoutes::save(sdk::Request& request, sdk::Response& response)
{
    const std::string idText = request.param("organizationId");
    const std::int64_t organizationId =
        idText.empty() || idText.size() > 18 || idText.find_first_not_of("0123456789") != std::string::npos
            ? 0
            : std::stoll(idText);
    if (organizationId <= 0 || !_host.accounts().organization(organizationId))
        throw sdk::HttpError(404, t(request, "billing.mode.error.noOrganization"));

    BillingAccount account;
    account.organizationId = organizationId;
    account.mode = request.form("mode");
    std::map<std::string, std::string> errors;
    if (!BillingAccounts::isMode(account.mode))
        errors["mode"] = t(request, "billing.mode.error.mode");
    if (!parseDays(request.form("netTermsDays"), account.netTermsDays))
        errors["netTermsDays"] = t(request, "billing.mode.error.days");
    if (!errors.empty()) {
        response.setStatus(400);
        list(request, response, organizationId, errors, &account);
        return;
    }
    account.updatedBy = request.principal()->userId;
    account.updatedAt =
        std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch()).count();
    _host.database().transaction(
        [&](sdk::Transaction& tx) { _accounts.set(tx, _host.audit(), sdk::Actor::of(request), account); });
    response.redirect(std::string(kPath) + "?saved=" + std::to_string(organizationId) + "#organization-" +
                      std::to_string(organizationId));
}

} // namespace molar::billing
