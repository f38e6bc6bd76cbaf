#include "claims/ClaimService.h"

#include "claims/ClaimStore.h"
#include "service/WarrantyEvents.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Events.h"

#include <algorithm>

namespace molar::warranty {

namespace {

constexpr std::size_t kMaxDescription = 2000;
constexpr std::size_t kMaxReason = 500;
constexpr int kRemakeTries = 5;

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") + 1 - first);
}

} // namespace

std::int64_t ClaimService::file(const Warranty& warranty, const ClaimFiling& filing, const sdk::Actor& actor)
{
    const std::string description = trimmed(filing.description);
    const auto& allowed = _settings.claimReasons;
    if (std::find(allowed.begin(), allowed.end(), filing.reason) == allowed.end())
        throw WarrantyRefusal(400, "warranty.claim.error.reason");
    if (description.empty())
        throw WarrantyRefusal(400, "warranty.claim.error.description");
    if (description.size() > kMaxDescription)
        throw WarrantyRefusal(400, "warranty.claim.error.descriptionTooLong");
    if (filing.formKey.empty() || filing.formKey.size() > 64)
        throw WarrantyRefusal(400, "warranty.claim.error.form");
    std::int64_t id = 0;
    try {
        fileOnce(warranty, filing, description, actor, id);
    } catch (const sdk::DatabaseError& e) {
        // The same form sent twice at once: the other request filed it.
        const auto filed =
            e.isConflict() ? ClaimStore::byFormKey(_host.database(), filing.formKey) : std::nullopt;
        if (!filed || filed->warrantyId != warranty.id)
            throw;
        id = filed->id;
    }
    return id;
}

void ClaimService::fileOnce(const Warranty& warranty, const ClaimFiling& filing,
                            const std::string& description, const sdk::Actor& actor, std::int64_t& id)
{
    _host.database().transaction([&](sdk::Transaction& tx) {
        // One claimant at a time per warranty: the row's lock orders two clinics' claims,
        // so the second sees the first open.
        tx.execute("UPDATE warranty_cards SET id = id WHERE id = ?", {warranty.id});
        // The same form sent again (a double click, a retried request) is the claim it filed.
        if (const auto filed = ClaimStore::byFormKey(tx, filing.formKey)) {
            if (filed->warrantyId != warranty.id)
                throw WarrantyRefusal(400, "warranty.claim.error.form");
            id = filed->id;
            return;
        }
        if (_warranties.stateOf(warranty) != WarrantyState::Valid)
            throw WarrantyRefusal(409, "warranty.claim.error.notValid");
        if (ClaimStore::hasOpen(tx, warranty.id))
            throw WarrantyRefusal(409, "warranty.claim.error.open");
        Claim claim;
        claim.warrantyId = warranty.id;
        claim.caseId = warranty.caseId;
        claim.organizationId = warranty.organizationId;
        claim.reason = filing.reason;
        claim.description = description;
        claim.formKey = filing.formKey;
        claim.filedBy = actor.userId;
        claim.filedByName = actor.label;
        claim.filedAt = _warranties.nowMs();
        claim.id = id = ClaimStore::insert(tx, claim);
        for (ClaimPhoto photo : filing.photos) {
            photo.claimId = id;
            ClaimStore::addPhoto(tx, photo);
        }
        _host.audit().record(tx, actor,
                             {"warranty.claim_filed", "warranty", warranty.number, warranty.organizationId,
                              "claim " + std::to_string(id) + ": " + filing.reason});
        publish(tx, "warranty.claim_filed", warranty, claim, "warranty.timeline.claimFiled", actor.label);
    });
}

void ClaimService::approve(const Warranty& warranty, std::int64_t claimId, const sdk::Actor& actor)
{
    // A remake's new case number may clash with one drawn the same day: the whole
    // approval is tried again, as a submission is.
    for (int attempt = 1;; ++attempt) {
        try {
            _host.database().transaction([&](sdk::Transaction& tx) {
                auto claim = ClaimStore::find(tx, claimId);
                if (!claim || claim->warrantyId != warranty.id)
                    throw WarrantyRefusal(404, "warranty.claim.error.notFound");
                if (!ClaimStore::decide(tx, claimId, "approved", actor.userId, actor.label,
                                        _warranties.nowMs(), ""))
                    throw WarrantyRefusal(409, "warranty.claim.error.decided");
                _host.events().publish(tx, "case.open_remake",
                                       sdk::Value::object({{"caseId", warranty.caseId},
                                                           {"noCharge", true},
                                                           {"actorUserId", actor.userId},
                                                           {"warrantyClaimId", claimId}}));
                claim = ClaimStore::find(tx, claimId); // with its remake, named by onCaseSubmitted
                if (!claim || claim->remakeCaseId == 0)
                    throw std::runtime_error("warranty: the remake of claim " + std::to_string(claimId) +
                                             " was not opened (is the cases plugin started?)");
                _host.audit().record(
                    tx, actor,
                    {"warranty.claim_approved", "warranty", warranty.number, warranty.organizationId,
                     "claim " + std::to_string(claimId) + ": remake " + claim->remakeNumber});
                publish(tx, "warranty.claim_approved", warranty, *claim, "warranty.timeline.claimApproved",
                        actor.label);
            });
            return;
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict() || attempt >= kRemakeTries)
                throw;
        }
    }
}

void ClaimService::decline(const Warranty& warranty, std::int64_t claimId, const std::string& typedReason,
                           const sdk::Actor& actor)
{
    const std::string reason = trimmed(typedReason);
    if (reason.empty())
        throw WarrantyRefusal(400, "warranty.claim.error.declineReason");
    if (reason.size() > kMaxReason)
        throw WarrantyRefusal(400, "warranty.error.reasonTooLong");
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto claim = ClaimStore::find(tx, claimId);
        if (!claim || claim->warrantyId != warranty.id)
            throw WarrantyRefusal(404, "warranty.claim.error.notFound");
        if (!ClaimStore::decide(tx, claimId, "declined", actor.userId, actor.label, _warranties.nowMs(),
                                reason))
            throw WarrantyRefusal(409, "warranty.claim.error.decided");
        claim->state = "declined";
        claim->decisionReason = reason;
        _host.audit().record(tx, actor,
                             {"warranty.claim_declined", "warranty", warranty.number, warranty.organizationId,
                              "claim " + std::to_string(claimId) + ": " + reason});
        publish(tx, "warranty.claim_declined", warranty, *claim, "warranty.timeline.claimDeclined",
                actor.label);
    });
}

void ClaimService::onCaseSubmitted(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t claimId = payload.get("request").getInt("warrantyClaimId");
    if (claimId != 0)
        ClaimStore::setRemake(tx, claimId, payload.getInt("caseId"), payload.getString("number"));
}

void ClaimService::publish(sdk::Transaction& tx, const std::string& event, const Warranty& w, const Claim& c,
                           const std::string& summaryKey, const std::string& actor)
{
    sdk::Value payload = warrantyEventPayload(_host, w);
    payload.set("claimId", c.id);
    payload.set("claimReason", c.reason);
    payload.set("description", c.description);
    payload.set("decisionReason", c.decisionReason);
    payload.set("remakeNumber", c.remakeNumber);
    _host.events().publish(tx, event, payload);
    addCaseActivity(
        _host, tx, w, summaryKey,
        sdk::Value::object({{"number", w.number}, {"remake", c.remakeNumber}, {"reason", c.decisionReason}}),
        actor);
}

} // namespace molar::warranty
