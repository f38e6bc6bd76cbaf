#include "web/LabAccountPage.h"

#include "debits/CaseDebits.h"
#include "ledger/CreditLedger.h"
#include "web/LabBalancesRoutes.h"
#include "web/ReasonText.h"

#include <set>

namespace molar::credits {

namespace {

constexpr int kPageSize = 50;

std::string organizationPath(std::int64_t id)
{
    return std::string(LabBalancesRoutes::path) + "/" + std::to_string(id);
}

std::string errorOf(const AdjustmentForm* form, const std::string& field, const LabViewer& viewer)
{
    if (!form || !form->errors.count(field))
        return "";
    return viewer.t(form->errors.at(field));
}

} // namespace

sdk::Value LabAccountPage::activity(const sdk::Request& request, const LabViewer& viewer,
                                    std::int64_t organizationId, sdk::Value& data)
{
    CreditLedger::Filter filter;
    filter.beforeId = idParameter(request.query("before"));
    filter.limit = kPageSize + 1; // one more tells whether an older page exists
    auto entries = _services.ledger.entries(_services.host.database(), organizationId, filter);
    const bool older = entries.size() > static_cast<std::size_t>(kPageSize);
    if (older)
        entries.resize(kPageSize);
    sdk::Value rows = sdk::Value::array();
    for (const auto& entry : entries) {
        const std::string kindKey = "credits.kind." + entry.kind;
        const std::string kind = viewer.t(kindKey);
        rows.push(sdk::Value::object(
            {{"time", viewer.time(entry.createdAt)},
             {"kind", kind == kindKey ? entry.kind : kind},
             {"amount", (entry.amountMinor > 0 ? "+" : "") + viewer.money(entry.amountMinor, entry.currency)},
             {"balanceAfter", viewer.money(entry.balanceAfterMinor, entry.currency)},
             {"caseNumber", entry.caseNumber},
             {"caseHref", entry.caseId ? "/cases/" + std::to_string(entry.caseId) : std::string()},
             {"hasCase", entry.caseId != 0},
             {"reason", reasonText(viewer, _services.settings, entry)},
             {"reasonTyped", reasonTyped(entry)},
             {"actor", entry.actorUserId ? entry.actorName : viewer.t("credits.lab.system")}}));
    }
    data.set("hasOlder", older);
    if (older)
        data.set("olderHref",
                 organizationPath(organizationId) + "?before=" + std::to_string(entries.back().id));
    data.set("isOlderPage", filter.beforeId != 0);
    data.set("newestHref", organizationPath(organizationId));
    return rows;
}

sdk::Value LabAccountPage::returnable(const LabViewer& viewer, std::int64_t organizationId,
                                      const std::string& chosen)
{
    sdk::SqlRunner& db = _services.host.database();
    CreditLedger::Filter returns;
    returns.kind = EntryKind::DebitReturn;
    returns.limit = 0;
    std::set<std::int64_t> returned;
    for (const auto& entry : _services.ledger.entries(db, organizationId, returns))
        returned.insert(entry.invoiceId);
    CreditLedger::Filter debits;
    debits.kind = EntryKind::Debit;
    debits.limit = 200;
    sdk::Value options = sdk::Value::array();
    for (const auto& entry : _services.ledger.entries(db, organizationId, debits)) {
        if (returned.count(entry.invoiceId) || entry.invoiceId == 0)
            continue;
        const std::string value = std::to_string(entry.invoiceId);
        options.push(sdk::Value::object(
            {{"value", value},
             {"label", viewer.t("credits.lab.returns.option",
                                {{"number", entry.caseNumber},
                                 {"amount", viewer.money(-entry.amountMinor, entry.currency)},
                                 {"time", viewer.time(entry.createdAt)}})},
             {"selected", value == chosen}}));
    }
    return options;
}

void LabAccountPage::render(sdk::Request& request, sdk::Response& response, int status,
                            const LabViewer& viewer, const sdk::OrganizationInfo& organization,
                            const LabFormsSent& sent, const std::string& notice)
{
    sdk::SqlRunner& db = _services.host.database();
    const CreditAccount account = _services.ledger.account(db, organization.id);
    const std::string currency = account.currency.empty() ? _services.ledger.currency() : account.currency;
    const auto held = _services.debits.held(db, organization.id);

    sdk::Value data = sdk::Value::object();
    data.set("organization", organization.name);
    data.set("organizationId", organization.id);
    data.set("backHref", LabBalancesRoutes::path);
    data.set("balance", viewer.money(account.balanceMinor, currency));
    data.set("threshold", account.thresholdMinor > 0 ? viewer.money(account.thresholdMinor, currency)
                                                     : viewer.t("credits.lab.noThreshold"));
    data.set("autoTopUp", viewer.t(account.autoEnabled ? "credits.lab.autoOn" : "credits.lab.autoOff"));
    data.set("discount", percentText(account.discountBasisPoints));
    data.set("notice", notice);
    data.set("hasNotice", !notice.empty());
    data.set("canEdit", viewer.mayAct());
    data.set("currency", currency);

    sdk::Value cases = sdk::Value::array();
    for (const auto& hold : held)
        cases.push(sdk::Value::object({{"number", hold.caseNumber},
                                       {"caseHref", "/cases/" + std::to_string(hold.caseId)},
                                       {"amount", viewer.money(hold.amountMinor, hold.currency)},
                                       {"since", viewer.time(hold.heldAt)}}));
    data.set("held", cases);
    data.set("hasHeld", cases.size() > 0);

    const sdk::Value entries = activity(request, viewer, organization.id, data);
    data.set("entries", entries);
    data.set("hasEntries", entries.size() > 0);

    const std::string base = organizationPath(organization.id);
    // The adjustment form: what was typed when refused, else a fresh key.
    const AdjustmentForm* adjustment = sent.adjustment;
    const std::string direction = adjustment ? adjustment->direction : "add";
    const std::string amountError = errorOf(adjustment, "amount", viewer);
    const std::string reasonError = errorOf(adjustment, "reason", viewer);
    const std::string directionError = errorOf(adjustment, "direction", viewer);
    data.set("adjustment",
             sdk::Value::object(
                 {{"action", base + "/adjustments"},
                  {"key", adjustment && AdjustmentForm::isKey(adjustment->key) ? adjustment->key
                                                                               : AdjustmentForm::newKey()},
                  {"amount", adjustment ? adjustment->amount : ""},
                  {"reason", adjustment ? adjustment->reason : ""},
                  {"add", direction != "remove"},
                  {"remove", direction == "remove"},
                  {"amountError", amountError},
                  {"hasAmountError", !amountError.empty()},
                  {"reasonError", reasonError},
                  {"hasReasonError", !reasonError.empty()},
                  {"directionError", directionError},
                  {"hasDirectionError", !directionError.empty()},
                  {"hint", viewer.t("credits.lab.adjust.hint", {{"currency", currency}})}}));

    data.set("discountForm",
             sdk::Value::object(
                 {{"action", base + "/discount"},
                  {"value", sent.discountSent ? sent.discount : percentText(account.discountBasisPoints)},
                  {"error", sent.discountError},
                  {"hasError", !sent.discountError.empty()}}));

    const sdk::Value options = returnable(viewer, organization.id, sent.returnInvoice);
    data.set("returnForm", sdk::Value::object({{"action", base + "/returns"},
                                               {"options", options},
                                               {"hasOptions", options.size() > 0},
                                               {"reason", sent.returnReason},
                                               {"invoiceError", sent.returnInvoiceError},
                                               {"hasInvoiceError", !sent.returnInvoiceError.empty()},
                                               {"reasonError", sent.returnReasonError},
                                               {"hasReasonError", !sent.returnReasonError.empty()}}));

    response.setStatus(status);
    _services.host.views().page(request, response, "credits/lab-credits-organization",
                                "credits.lab.account.title", data);
}

} // namespace molar::credits
