#pragma once

#include "feedback/Feedback.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace molar::nps {

// Who is looking at a feedback page, and the page's words in their language. As for
// cases: a clinic's owners and staff answer for every case of their organization, a
// dentist for their own cases; the lab answers for none. The lab's admins and leads read
// the dashboard and close follow-ups.
class PageViewer
{
public:
    PageViewer(sdk::Host& host, const sdk::Request& request);

    bool isLab() const { return _side == "lab"; }
    bool isClinic() const { return _side == "clinic" && _organizationId != 0; }
    // The lab's admins and leads: the dashboard and the follow-ups are theirs.
    bool handlesFeedback() const { return isLab() && (_role == "admin" || _role == "lead"); }
    // Whether the viewer gives (or changes) the feedback of the request's case.
    bool answersFor(const FeedbackRequest& request) const;

    const std::string& language() const { return _viewer.language; }
    std::string t(const std::string& key) const;
    // The message with each "{name}" replaced.
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;

    // "May 12, 2026": the day of an instant (epoch ms) in the viewer's language and time
    // zone (their own, else the lab's; visitors get the lab's).
    std::string day(std::int64_t instantMs) const;
    // "May 12, 2026 at 2:05 PM" in the same language and zone.
    std::string dayAndTime(std::int64_t instantMs) const;
    // "November 2026" for "2026-11".
    std::string month(const std::string& yearMonth) const;
    // A product in the viewer's words: the cases plugin's catalog name for the code, else
    // the name it had when the case was delivered.
    std::string product(const std::string& code, const std::string& name) const;

private:
    sdk::Views& _views;
    sdk::Locales& _locales;
    sdk::Viewer _viewer; // language, and the user's zone or the lab's (Locales::viewerOf)
    std::string _side;
    std::string _role;
    std::int64_t _userId = 0;
    std::int64_t _organizationId = 0;
};

// A route's id segment: digits only, at most 18; 0 for anything else.
std::int64_t idFromPath(const std::string& text);

} // namespace molar::nps
