#pragma once

#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <memory>
#include <string>

namespace molar::nps {

class PageViewer;

// A low score's follow-up, /lab/feedback/followups/<id>, for the lab's admins and leads:
// the answer that opened it (score, stars, comment, the case), when it is due, and the
// form that closes it with a note. Other lab users get 403; clinics never reach it.
class FollowUpRoutes : public std::enable_shared_from_this<FollowUpRoutes>
{
public:
    FollowUpRoutes(sdk::Host& host, FeedbackService& service) : _host(host), _service(service) {}

    void registerRoutes(sdk::Routes& routes);

    static std::string pathOf(std::int64_t followUpId);

private:
    void show(sdk::Request& request, sdk::Response& response);
    void close(sdk::Request& request, sdk::Response& response);
    FollowUp readable(const sdk::Request& request, const PageViewer& viewer);
    // `form`: the note typed and its error, when the close form comes back.
    void render(sdk::Request& request, sdk::Response& response, const PageViewer& viewer,
                const FollowUp& followUp, const sdk::Value& form);

    sdk::Host& _host;
    FeedbackService& _service;
};

} // namespace molar::nps
