#include "web/TrackerRoutes.h"

#include "catalog/TrackerSteps.h"
#include "molar/sdk/Errors.h"
#include "store/CaseNumbers.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace molar::cases {

void TrackerRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", "/track", sdk::Access::Public,
               [this](sdk::Request& request, sdk::Response& response) { lookup(request, response); });
    routes.add("GET", "/track/{number}", sdk::Access::Public,
               [this](sdk::Request& request, sdk::Response& response) { track(request, response); });
}

std::string TrackerRoutes::publicStageLabel(const sdk::Request& request, const std::string& stage) const
{
    const std::string key = "cases.tracker.stage." + stage;
    const std::string words = _host.views().translate(key, request.language());
    return words == key ? _pages.stageLabel(request, stage) : words;
}

bool TrackerRoutes::stillShown(const CaseRecord& record) const
{
    if (_visibleDays == 0)
        return true;
    // Delivered: a terminal state clinics see as the "delivered" stage (not a cancellation).
    const Workflow* workflow = _pages.service().workflowOf(record);
    const WorkflowState* state = workflow ? workflow->state(record.status) : nullptr;
    if (!state || !state->terminal || record.stage != "delivered")
        return true;
    // The timeline holds the move, for cases delivered before this rule too; the last
    // change stands in should it be missing.
    std::int64_t deliveredAt = CaseStore::enteredStatusAt(_host.database(), record.id, record.status);
    if (!deliveredAt)
        deliveredAt = record.updatedAt;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(_host.clock().now().time_since_epoch());
    return now.count() - deliveredAt <= std::int64_t(_visibleDays) * 24 * 60 * 60;
}

void TrackerRoutes::lookup(sdk::Request& request, sdk::Response& response)
{
    std::string number = request.query("number");
    std::transform(number.begin(), number.end(), number.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    number.erase(
        std::remove_if(number.begin(), number.end(), [](unsigned char c) { return std::isspace(c); }),
        number.end());
    // Only what a case number can hold goes into the address it leads to.
    const bool valid = number.size() <= 40 && std::all_of(number.begin(), number.end(), [](unsigned char c) {
                           return std::isupper(c) || std::isdigit(c) || c == '-';
                       });
    if (!number.empty() && valid) {
        response.redirect("/track/" + number);
        return;
    }
    sdk::Value data = sdk::Value::object({{"form", true}, {"number", ""}});
    if (!valid) {
        response.setStatus(400);
        data.set("error", _pages.t(request, "cases.track.error.invalid"));
        // Shown back to be corrected, cut to the field's length on a character boundary.
        std::string entered = request.query("number");
        if (entered.size() > 40) {
            entered.resize(40);
            while (!entered.empty() && (static_cast<unsigned char>(entered.back()) & 0x80))
                entered.pop_back();
        }
        data.set("entered", entered);
    }
    _pages.page(request, response, "track", "cases.track.title", data);
}

void TrackerRoutes::track(sdk::Request& request, sdk::Response& response)
{
    const auto decision =
        _host.rateLimiter().allow("tracker", request.clientAddress(), _perMinute, std::chrono::minutes(1));
    if (!decision.allowed) {
        response.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
        throw sdk::HttpError(429, _pages.t(request, "cases.track.tooMany"));
    }
    const std::string number = request.param("number");
    std::optional<CaseRecord> record;
    if (looksLikeCaseNumber(_pages.service().settings().numberPrefix, number))
        record = CaseStore::findByNumber(_host.database(), number);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Robots-Tag", "noindex");
    sdk::Value data = sdk::Value::object({{"form", true}, {"number", number.substr(0, 40)}});
    // A draft, and a case delivered too long ago, are answered as unknown numbers are.
    if (!record || record->isDraft() || !stillShown(*record)) {
        response.setStatus(404);
        data.set("found", false);
        _pages.page(request, response, "track", "cases.track.title", data);
        return;
    }
    const Workflow* workflow = _pages.service().workflowOf(*record);
    sdk::Value stages = sdk::Value::array();
    bool closed = false;
    if (workflow) {
        // Where the case got to before any hold or cancellation: its statuses, newest first.
        std::vector<std::string> statuses{record->status, record->previousStatus};
        for (const auto& [from, to] : CaseStore::statusMoves(_host.database(), record->id, 200)) {
            statuses.push_back(to);
            statuses.push_back(from);
        }
        const std::string reached = stageReached(*workflow, statuses);
        for (const auto& step : trackerSteps(*workflow, record->stage, reached))
            stages.push(sdk::Value::object({{"label", publicStageLabel(request, step.stage)},
                                            {"current", step.current},
                                            {"reached", step.reached},
                                            {"done", step.done}}));
        const WorkflowState* state = workflow->state(record->status);
        closed = state && state->terminal;
    }
    data.set("found", true);
    data.set("stage", publicStageLabel(request, record->stage));
    data.set("stages", stages);
    // A delivered or cancelled case is due no more.
    data.set("eta", closed ? sdk::Value() : _pages.eta(request, *record));
    data.set("zone", _pages.zone(request));
    _pages.page(request, response, "track", "cases.track.title", data);
}

} // namespace molar::cases
