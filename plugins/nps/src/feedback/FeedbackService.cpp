#include "feedback/FeedbackService.h"

#include "feedback/FeedbackEvents.h"
#include "molar/tokens/UrlToken.h"
#include "score/NpsScore.h"
#include "store/AnswerStore.h"
#include "store/FollowUpStore.h"
#include "store/LinkStore.h"
#include "store/RequestStore.h"

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Events.h"

#include <chrono>

namespace molar::nps {

namespace {

constexpr std::int64_t kHourMs = 3600 * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::size_t kMaxNote = 2000;

const std::string kLinkGone = "nps.error.linkGone";

std::string trimmed(const std::string& text)
{
    const char* space = " \t\r\n";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) + 1 - first);
}

void fill(FeedbackAnswer& answer, const CheckedAnswer& checked)
{
    answer.score = checked.score;
    answer.fitStars = checked.fitStars;
    answer.aestheticsStars = checked.aestheticsStars;
    answer.speedStars = checked.speedStars;
    answer.comment = checked.comment;
    answer.consent = checked.consent;
}

} // namespace

std::int64_t FeedbackService::nowMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

void FeedbackService::onDelivered(sdk::Transaction& tx, const sdk::Value& payload)
{
    FeedbackRequest r;
    r.caseId = payload.getInt("caseId");
    r.caseNumber = payload.getString("number");
    r.organizationId = payload.getInt("organizationId");
    r.ownerUserId = payload.getInt("ownerUserId");
    r.product = payload.getString("product");
    r.productName = payload.getString("productName", r.product);
    r.technicianId = payload.getInt("assignedTo");
    r.requestedAt = nowMs();
    r.expiresAt = r.requestedAt + _settings.linkDays * kDayMs;
    if (!RequestStore::insertOnce(tx, r))
        return;
    _host.events().publish(tx, "nps.feedback_requested", feedbackRequestedPayload(r));
}

std::optional<std::string> FeedbackService::revealLink(const std::string& requestId)
{
    std::int64_t id = 0;
    try {
        std::size_t used = 0;
        id = std::stoll(requestId, &used);
        if (used != requestId.size())
            return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const auto request = RequestStore::find(_host.database(), id);
    const std::int64_t now = nowMs();
    if (!request || request->answered() || request->expiredAt(now))
        return std::nullopt;
    const std::string token = tokens::newUrlToken();
    LinkStore::add(_host.database(), request->id, tokens::tokenDigest(token), now);
    return "/feedback/t/" + token;
}

std::optional<FeedbackRequest> FeedbackService::requestForToken(const std::string& token) const
{
    if (!tokens::looksLikeToken(token))
        return std::nullopt;
    const auto link = LinkStore::byDigest(_host.database(), tokens::tokenDigest(token));
    if (!link || link->used())
        return std::nullopt;
    auto request = RequestStore::find(_host.database(), link->requestId);
    if (!request || request->answered() || request->expiredAt(nowMs()))
        return std::nullopt;
    return request;
}

CheckedAnswer FeedbackService::answerWithToken(const std::string& token, const AnswerForm& form,
                                               const sdk::Actor& actor)
{
    if (!tokens::looksLikeToken(token))
        throw NpsRefusal(404, kLinkGone);
    const CheckedAnswer checked = checkAnswer(form);
    if (!checked.ok())
        return checked;
    const std::string digest = tokens::tokenDigest(token);
    _host.database().transaction([&](sdk::Transaction& tx) {
        const std::int64_t now = nowMs();
        const auto link = LinkStore::byDigest(tx, digest);
        if (!link)
            throw NpsRefusal(404, kLinkGone);
        const auto request = RequestStore::find(tx, link->requestId);
        if (!request || request->expiredAt(now))
            throw NpsRefusal(404, kLinkGone);
        // The request's row first, then its links, as every answer takes them (no deadlock
        // between the email's and the WhatsApp message's links posted at once). Both
        // conditionally: of a replay or two posts at once only one goes on.
        const bool answeredHere = RequestStore::markAnswered(tx, request->id, now);
        if (!LinkStore::use(tx, link->id, now))
            throw NpsRefusal(404, kLinkGone);
        if (!answeredHere)
            throw NpsRefusal(409, "nps.error.answered");
        // The dentist the link was sent to answers, whoever holds the phone.
        sdk::Actor author = actor;
        author.userId = request->ownerUserId;
        const auto user = _host.accounts().user(request->ownerUserId);
        author.label = (user ? user->displayName : std::string("unknown")) + " (feedback link)";
        FeedbackAnswer answer;
        answer.authorName = user ? user->displayName : std::string();
        fill(answer, checked);
        firstAnswer(tx, *request, answer, author, now);
    });
    return checked;
}

std::optional<FeedbackRequest> FeedbackService::requestForCase(std::int64_t caseId) const
{
    return RequestStore::forCase(_host.database(), caseId);
}

std::optional<FeedbackAnswer> FeedbackService::answerForCase(std::int64_t caseId) const
{
    return AnswerStore::forCase(_host.database(), caseId);
}

bool FeedbackService::editable(const FeedbackAnswer& answer) const
{
    return nowMs() < answer.answeredAt + _settings.editHours * kHourMs;
}

CheckedAnswer FeedbackService::answerAsMember(std::int64_t caseId, const AnswerForm& form,
                                              const sdk::Actor& actor)
{
    const CheckedAnswer checked = checkAnswer(form);
    if (!checked.ok())
        return checked;
    _host.database().transaction([&](sdk::Transaction& tx) {
        const std::int64_t now = nowMs();
        const auto request = RequestStore::forCase(tx, caseId);
        if (!request)
            throw NpsRefusal(404, "nps.error.notFound");
        auto answer = AnswerStore::forCase(tx, caseId);
        if (!answer) {
            // Answered meanwhile by a link or another member: this holds the request's row.
            if (!RequestStore::markAnswered(tx, request->id, now))
                throw NpsRefusal(409, "nps.error.answered");
            FeedbackAnswer first;
            const auto user = _host.accounts().user(actor.userId);
            first.authorName = user ? user->displayName : actor.label;
            fill(first, checked);
            firstAnswer(tx, *request, first, actor, now);
            return;
        }
        const int before = answer->score;
        fill(*answer, checked);
        answer->updatedAt = now;
        if (!AnswerStore::change(tx, *answer, now - _settings.editHours * kHourMs))
            throw NpsRefusal(409, "nps.error.editClosed");
        _host.audit().record(tx, actor,
                             {"nps.answer_changed", "case", answer->caseNumber, answer->organizationId,
                              "score " + std::to_string(before) + " -> " + std::to_string(answer->score)});
        _host.events().publish(tx, "nps.answer_changed", answerPayload(*answer));
        addCaseActivity(_host, tx, answer->caseId, "nps.timeline.changed",
                        sdk::Value::object({{"score", std::to_string(answer->score)}}),
                        caseFeedbackPath(answer->caseId), actor.label);
        if (isDetractor(answer->score))
            openFollowUp(tx, *answer, now);
    });
    return checked;
}

void FeedbackService::firstAnswer(sdk::Transaction& tx, const FeedbackRequest& request,
                                  FeedbackAnswer& answer, const sdk::Actor& actor, std::int64_t now)
{
    LinkStore::useAll(tx, request.id, now);
    answer.requestId = request.id;
    answer.caseId = request.caseId;
    answer.caseNumber = request.caseNumber;
    answer.organizationId = request.organizationId;
    answer.authorUserId = actor.userId;
    answer.product = request.product;
    answer.productName = request.productName;
    answer.technicianId = request.technicianId;
    answer.answeredAt = now;
    answer.updatedAt = now;
    AnswerStore::insert(tx, answer);
    _host.audit().record(
        tx, actor,
        {"nps.answered", "case", answer.caseNumber, answer.organizationId,
         "score " + std::to_string(answer.score) + (answer.consent ? ", may be published" : "")});
    _host.events().publish(tx, "nps.answered", answerPayload(answer));
    addCaseActivity(_host, tx, answer.caseId, "nps.timeline.answered",
                    sdk::Value::object({{"score", std::to_string(answer.score)}}),
                    caseFeedbackPath(answer.caseId),
                    answer.authorName.empty() ? actor.label : answer.authorName);
    if (isDetractor(answer.score))
        openFollowUp(tx, answer, now);
}

void FeedbackService::openFollowUp(sdk::Transaction& tx, const FeedbackAnswer& answer, std::int64_t now)
{
    FollowUp f;
    f.answerId = answer.id;
    f.caseId = answer.caseId;
    f.caseNumber = answer.caseNumber;
    f.organizationId = answer.organizationId;
    f.score = answer.score;
    f.openedAt = now;
    f.dueAt = now + _settings.followUpHours * kHourMs;
    if (!FollowUpStore::openOnce(tx, f))
        return;
    _host.events().publish(tx, "nps.detractor", followUpPayload(f, answer.comment));
}

std::optional<FollowUp> FeedbackService::followUp(std::int64_t id) const
{
    return FollowUpStore::find(_host.database(), id);
}

void FeedbackService::closeFollowUp(std::int64_t id, const std::string& typedNote, const sdk::Actor& actor)
{
    const std::string note = trimmed(typedNote);
    if (note.empty())
        throw NpsRefusal(400, "nps.error.noteRequired");
    if (note.size() > kMaxNote)
        throw NpsRefusal(400, "nps.error.noteTooLong");
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto f = FollowUpStore::find(tx, id);
        if (!f)
            throw NpsRefusal(404, "nps.error.notFound");
        const std::int64_t now = nowMs();
        const auto user = _host.accounts().user(actor.userId);
        const std::string name = user ? user->displayName : actor.label;
        if (!FollowUpStore::close(tx, id, actor.userId, name, note, now))
            throw NpsRefusal(409, "nps.error.closed");
        f->closedAt = now;
        f->closedBy = actor.userId;
        f->closedByName = name;
        f->note = note;
        _host.audit().record(tx, actor,
                             {"nps.followup_closed", "case", f->caseNumber, f->organizationId,
                              (now > f->dueAt ? "late: " : "") + note});
        sdk::Value payload = followUpPayload(*f, "");
        payload.set("note", note);
        payload.set("late", now > f->dueAt);
        _host.events().publish(tx, "nps.followup_closed", payload);
        addCaseActivity(_host, tx, f->caseId, "nps.timeline.followUpClosed",
                        sdk::Value::object({{"note", note}}), caseFeedbackPath(f->caseId), name);
    });
}

int FeedbackService::escalateOverdue()
{
    int escalated = 0;
    const std::int64_t now = nowMs();
    for (const FollowUp& f : FollowUpStore::dueForEscalation(_host.database(), now)) {
        _host.database().transaction([&](sdk::Transaction& tx) {
            // Another host's run may have taken it, or a lead closed it, since the list.
            if (!FollowUpStore::markEscalated(tx, f.id, now))
                return;
            _host.audit().record(
                tx, sdk::Actor::system("nps"),
                {"nps.followup_overdue", "case", f.caseNumber, f.organizationId,
                 "follow-up of a score of " + std::to_string(f.score) + " not closed in time"});
            const auto answer = AnswerStore::find(tx, f.answerId);
            _host.events().publish(tx, "nps.followup_overdue",
                                   followUpPayload(f, answer ? answer->comment : ""));
            ++escalated;
        });
    }
    return escalated;
}

} // namespace molar::nps
