#include "demo/NpsDemo.h"

#include <string>
#include <vector>

namespace molar::nps {

namespace {

// The answers given in turn to the demo's requests, oldest first: two published comments,
// a low score that opens a follow-up, and answers without a comment.
std::vector<AnswerForm> demoAnswers()
{
    return {
        {"10", "5", "5", "4", "Everything fitted first time and the patient was delighted. Thank you!", true},
        {"4", "2", "4", "3", "The fit needed adjusting at the chair and the case came back a day late.",
         false},
        {"9", "5", "4", "5", "Delivered a day early and the patient loved the result.", true},
        {"8", "4", "4", "", "", false},
        {"7", "", "", "3", "", false},
    };
}

} // namespace

void seedNpsDemo(sdk::Host& host, FeedbackService& service)
{
    auto& db = host.database();
    if (db.query("SELECT COUNT(*) AS n FROM nps_answers").get(0, "n").asInt() > 0)
        return;
    const auto requests =
        db.query("SELECT case_id, owner_user_id FROM nps_requests WHERE answered_at IS NULL ORDER BY id");
    const auto answers = demoAnswers();
    for (std::size_t row = 0; row < requests.size() && row < answers.size(); ++row) {
        const auto dentist = host.accounts().user(requests.get(row, "owner_user_id").asInt());
        if (!dentist)
            continue;
        const sdk::Actor actor{dentist->id, dentist->displayName, ""};
        service.answerAsMember(requests.get(row, "case_id").asInt(), answers[row], actor);
    }
}

} // namespace molar::nps
