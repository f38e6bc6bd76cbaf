#include "web/WarrantyPage.h"

#include "claims/ClaimStore.h"
#include "terms/CheckCode.h"
#include "web/CardDownload.h"
#include "web/Viewer.h"

#include "molar/sdk/Views.h"

#include <chrono>

namespace molar::warranty {

namespace {

std::string newFormKey()
{
    // Unique enough for one person's forms: the time and a random code.
    return std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" + newCheckCode();
}

} // namespace

void WarrantyPage::render(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                          const Warranty& w, const sdk::Value& form)
{
    const WarrantyState state = _warranties.stateOf(w);
    // Each language by its own name, as the header's picker shows them.
    sdk::Value languages = sdk::Value::array();
    for (const auto& code : _settings.cardLanguages)
        languages.push(sdk::Value::object({{"code", code},
                                           {"name", _host.locales().nativeName(code)},
                                           {"selected", code == viewer.language()}}));
    sdk::Value data = sdk::Value::object({{"id", w.id},
                                          {"number", w.number},
                                          {"caseNumber", w.caseNumber},
                                          {"caseHref", "/cases/" + std::to_string(w.caseId)},
                                          {"restoration", viewer.restoration(w)},
                                          {"teeth", w.teeth},
                                          {"clinicName", w.clinicName},
                                          {"issuedOn", viewer.day(w.issuedOn)},
                                          {"expiresOn", viewer.day(w.expiresOn)},
                                          {"state", stateName(state)},
                                          {"stateText", viewer.t("warranty.state." + stateName(state))},
                                          {"checkCode", printedCheckCode(w.checkCode)},
                                          {"verifyUrl", verifyUrlOf(_host.publicUrl(), w)},
                                          {"languages", languages},
                                          {"voided", w.voided},
                                          {"voidReason", w.voidReason},
                                          {"mayVoid", viewer.isLabAdmin() && !w.voided},
                                          {"form", form}});
    data.set("claims", claimsData(viewer, w, state == WarrantyState::Valid, form));
    _host.views().page(request, response, "warranty/warranty", "warranty.page.title", data);
}

sdk::Value WarrantyPage::claimsData(const Viewer& viewer, const Warranty& w, bool valid,
                                    const sdk::Value& form)
{
    const auto claims = ClaimStore::forWarranty(_host.database(), w.id);
    const bool mayDecide = viewer.isLabAdmin() || viewer.isLabLead();
    bool open = false;
    sdk::Value items = sdk::Value::array();
    for (const Claim& c : claims) {
        open = open || c.state == "open";
        sdk::Value photos = sdk::Value::array();
        for (const ClaimPhoto& p : c.photos)
            photos.push(sdk::Value::object(
                {{"href", w.path() + "/claims/" + std::to_string(c.id) + "/photos/" + std::to_string(p.id)},
                 {"name", p.originalName}}));
        const std::string base = w.path() + "/claims/" + std::to_string(c.id);
        const bool thisForm = form.getInt("claimId") == c.id;
        items.push(sdk::Value::object(
            {{"id", c.id},
             {"state", c.state},
             {"stateText", viewer.t("warranty.claim.state." + c.state)},
             {"reasonText", viewer.t("warranty.claim.reason." + c.reason)},
             {"description", c.description},
             {"filedBy", c.filedByName},
             {"filedOn", viewer.day(viewer.dayOf(c.filedAt))},
             {"photos", photos},
             {"hasPhotos", !c.photos.empty()},
             {"decidedBy", c.decidedByName},
             {"decisionReason", c.decisionReason},
             {"remakeNumber", c.remakeNumber},
             {"remakeHref", c.remakeCaseId ? "/cases/" + std::to_string(c.remakeCaseId) : ""},
             {"approved", c.state == "approved"},
             {"declined", c.state == "declined"},
             {"mayDecide", mayDecide && c.state == "open"},
             {"approveAction", base + "/approve"},
             {"declineAction", base + "/decline"},
             {"declineReason", thisForm ? form.getString("declineReason") : ""},
             {"declineError", thisForm ? form.getString("declineError") : ""}}));
    }
    sdk::Value reasons = sdk::Value::array();
    for (const auto& code : _claims.reasons())
        reasons.push(sdk::Value::object({{"code", code},
                                         {"text", viewer.t("warranty.claim.reason." + code)},
                                         {"selected", form.getString("reason") == code}}));
    return sdk::Value::object({{"items", items},
                               {"any", !claims.empty()},
                               {"mayFile", viewer.organization() != 0 && valid && !open},
                               {"openNotice", viewer.organization() != 0 && open},
                               {"reasons", reasons},
                               {"action", w.path() + "/claims"},
                               {"formKey", newFormKey()},
                               {"maxPhotos", std::to_string(_claims.maxPhotos())}});
}

} // namespace molar::warranty
