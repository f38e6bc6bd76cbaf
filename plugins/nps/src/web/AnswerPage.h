#pragma once

#include "feedback/AnswerForm.h"
#include "feedback/Feedback.h"
#include "web/PageViewer.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <map>
#include <string>

namespace molar::nps {

// What the feedback form page shows: the case it is about, the fields as typed (or as
// answered), each error beside its field; or the answer read-only once it can no longer
// be changed.
struct AnswerView
{
    std::string action; // where the form posts
    std::string caseNumber;
    std::string product;
    std::string caseHref; // a link back to the case for signed-in members; "" for a link's visitor
    AnswerForm form;
    std::map<std::string, std::string> errors; // field -> catalog key, from CheckedAnswer
    bool changing = false;                     // an answer is there already
    bool readOnly = false;
    bool labReader = false; // the lab reads the clinic's answer, which only the clinic changes
    bool saved = false;
    std::int64_t answeredAt = 0;
    std::int64_t editableUntil = 0; // 0: not said
    int editHours = 0;              // how long an answer can be changed (nps.editHours)
};

// The fields of a posted feedback form, as typed.
AnswerForm postedAnswer(sdk::Request& request);
// An answer given, as its form shows it.
AnswerForm formOfAnswer(const FeedbackAnswer& answer);

// Renders the form (or the read-only answer) in the layout.
void renderAnswerPage(sdk::Host& host, sdk::Request& request, sdk::Response& response,
                      const PageViewer& viewer, const AnswerView& view);

// Pages reached by a secret link: kept out of caches and search engines, and their
// address never sent on to another site.
void markPrivate(sdk::Response& response);

} // namespace molar::nps
