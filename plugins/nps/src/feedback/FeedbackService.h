#pragma once

#include "NpsSettings.h"
#include "feedback/AnswerForm.h"
#include "feedback/Feedback.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace molar::nps {

// A request the rules refuse: the HTTP status and the catalog key of the sentence.
class NpsRefusal : public std::runtime_error
{
public:
    NpsRefusal(int status, const std::string& key) : std::runtime_error(key), _status(status), _key(key) {}
    int status() const { return _status; }
    const std::string& key() const { return _key; }

private:
    int _status;
    std::string _key;
};

// The rules of feedback: a request per delivered case whose links are made when their
// message goes out, one answer per case, a follow-up for every low score and the
// escalation of overdue ones. Every answer, edit and closing is audited and evented.
class FeedbackService
{
public:
    // The event field that names a request in `nps.feedback_requested`; the host asks
    // revealLink() for the link when the message is sent (SDK 1.9 secret links).
    static constexpr const char* REQUEST_ID_FIELD = "feedbackRequestId";
    static constexpr const char* LINK_FIELD = "feedbackUrl";

    FeedbackService(sdk::Host& host, const NpsSettings& settings) : _host(host), _settings(settings) {}

    // The `case.delivered` handler, in the delivering transaction: opens the case's request
    // (once; a case delivered again keeps it) and publishes `nps.feedback_requested`.
    void onDelivered(sdk::Transaction& tx, const sdk::Value& payload);

    // A fresh link for the request, "/feedback/t/<token>" (only the token's digest is
    // stored); none once the request was answered or expired.
    std::optional<std::string> revealLink(const std::string& requestId);

    // The request a link opens; none for a token unknown, used or expired (one answer for
    // all three, so that the page tells nothing).
    std::optional<FeedbackRequest> requestForToken(const std::string& token) const;
    // Answers through a link, using it up. Throws NpsRefusal(404, "nps.error.linkGone")
    // when the link no longer works, NpsRefusal(409, "nps.error.answered") when the case
    // was answered meanwhile; `errors` of an invalid form come back unchanged and nothing
    // is stored.
    CheckedAnswer answerWithToken(const std::string& token, const AnswerForm& form, const sdk::Actor& actor);

    std::optional<FeedbackRequest> requestForCase(std::int64_t caseId) const;
    std::optional<FeedbackAnswer> answerForCase(std::int64_t caseId) const;
    // Whether the answer can still be changed now.
    bool editable(const FeedbackAnswer& answer) const;
    // A signed-in clinic member answers, or changes the answer within nps.editHours (the
    // caller checked the case is the member's organization's). Throws NpsRefusal(409,
    // "nps.error.editClosed") after the window, NpsRefusal(404, "nps.error.notFound") for
    // a case without a request (not delivered). A change to a low score opens a follow-up
    // when the answer has none (`nps.answer_changed`).
    CheckedAnswer answerAsMember(std::int64_t caseId, const AnswerForm& form, const sdk::Actor& actor);

    std::optional<FollowUp> followUp(std::int64_t id) const;
    // A lab lead or admin closes a follow-up with a note (required: "nps.error.noteRequired");
    // one already closed is refused (409, "nps.error.closed"), a note over 2000 bytes too
    // (400, "nps.error.noteTooLong"), an unknown id (404, "nps.error.notFound").
    void closeFollowUp(std::int64_t id, const std::string& note, const sdk::Actor& actor);
    // The periodic job: every follow-up open past its due time is escalated once
    // (`nps.followup_overdue` to lab admins); answers how many.
    int escalateOverdue();

    std::int64_t nowMs() const;

private:
    // The case's one answer, in `tx`, its request already marked answered there (the row
    // every answer locks first): the request's links used up, the answer audited, evented
    // and on the case's timeline, and a follow-up for a low score.
    void firstAnswer(sdk::Transaction& tx, const FeedbackRequest& request, FeedbackAnswer& answer,
                     const sdk::Actor& actor, std::int64_t now);
    void openFollowUp(sdk::Transaction& tx, const FeedbackAnswer& answer, std::int64_t now);

    sdk::Host& _host;
    const NpsSettings& _settings;
};

} // namespace molar::nps
