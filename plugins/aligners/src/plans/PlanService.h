#pragma once

#include "AlignersSettings.h"
#include "plans/Plan.h"
#include "plans/PlanCaller.h"
#include "store/ShareLinkStore.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// The treatment plan's rules: the lab uploads a version on a case in planning (the case
// moves to waiting for approval); the clinic accepts one of its options (into
// production, at that option's price), rejects it, or asks for a modification (back to
// planning; the next version follows). Every version is kept. Share links show one plan
// to someone without portal access. Each change commits with its case move, its audit
// entry, its event and its timeline entry, or not at all.
class PlanService
{
public:
    PlanService(sdk::Host& host, const AlignersSettings& settings);

    // The cases plugin's events, in their transactions: aligner-family cases are copied
    // and followed.
    void onCaseSubmitted(sdk::Transaction& tx, const sdk::Value& payload);
    void onStatusChanged(sdk::Transaction& tx, const sdk::Value& payload);

    // The case, when the caller may read it; PlanRefusal(404) otherwise (another
    // organization's case looks like no case).
    AlignerCase readableCase(const PlanCaller& caller, std::int64_t caseId);
    std::vector<Plan> plans(std::int64_t caseId);
    // A plan and its case, when the caller may read them; PlanRefusal(404) otherwise.
    std::pair<AlignerCase, Plan> readablePlan(const PlanCaller& caller, std::int64_t planId);

    // A new version from the lab, its files already stored under their keys (the caller
    // removes them when this throws).
    Plan upload(const PlanCaller& caller, std::int64_t caseId, const PlanDraft& draft,
                std::vector<PlanFile> files);
    Plan accept(const PlanCaller& caller, std::int64_t planId, const std::string& planType);
    Plan reject(const PlanCaller& caller, std::int64_t planId, const std::string& reason);
    Plan requestModification(const PlanCaller& caller, std::int64_t planId, const std::string& reason);

    // A new share link of a plan; answers its token (shown once, never stored).
    std::string share(const PlanCaller& caller, std::int64_t planId);
    void revokeShare(const PlanCaller& caller, std::int64_t shareId);
    std::vector<ShareLink> shares(std::int64_t caseId);
    // What a share link opens, while it works.
    struct Shared
    {
        AlignerCase kase;
        Plan plan;
        ShareLink link;
    };
    std::optional<Shared> shared(const std::string& token);

    std::int64_t now() const;
    const AlignersSettings& settings() const { return _settings; }

private:
    Plan decide(const PlanCaller& caller, std::int64_t planId, const std::string& state,
                const std::string& action, const std::string& eventName, const std::string& planType,
                const std::string& reason);
    void audit(sdk::Transaction& tx, const PlanCaller& caller, const AlignerCase& c,
               const std::string& action, const std::string& detail);
    void moveCase(sdk::Transaction& tx, const PlanCaller& caller, const AlignerCase& c,
                  const std::string& action, const std::string& reason);

    sdk::Host& _host;
    const AlignersSettings& _settings;
};

// The reason a clinic gives, trimmed: 1 to 1000 characters of text.
constexpr std::size_t kMaxReasonBytes = 4000;

} // namespace molar::aligners
