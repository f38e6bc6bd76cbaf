#pragma once

#include "CreditsServices.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace molar::credits {

// Who is looking at a lab credits page, in their words and time zone. The lab's admins and
// billing clerks act; leads read; the other lab roles are refused.
class LabViewer
{
public:
    LabViewer(sdk::Host& host, const sdk::Request& request);

    bool mayAct() const { return _acts; }
    // 403 for a lab user who may not read the lab's credits.
    void requireReader() const;
    // 403 for a lab user who may not change them.
    void requireActor() const;

    const std::string& language() const { return _viewer.language; }
    std::string t(const std::string& key) const;
    // The message with each "{name}" replaced.
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;
    // A refusal's catalog key in the viewer's words; `fallbackKey` when no catalog has it.
    std::string refusal(const std::string& key, const std::string& fallbackKey) const;
    // An instant in the viewer's language and zone (the lab's when they chose none):
    // "May 12, 2026, 9:00 AM".
    std::string time(std::int64_t utcMillis) const;
    // An amount in the viewer's language: "QAR 1,250.50".
    std::string money(std::int64_t minor, const std::string& currency) const;

    // Runs `work`; a CreditRefusal becomes an HTTP error in the viewer's words.
    void guarded(const std::function<void()>& work) const;

private:
    sdk::Host& _host;
    bool _reads = false;
    bool _acts = false;
    sdk::Viewer _viewer; // language, and the user's zone or the lab's (Locales::viewerOf)
};

// The clinic organization a lab credits URL names ({organizationId}); 404 for anything else:
// not a number, no such organization.
sdk::OrganizationInfo organizationNamed(sdk::Host& host, const sdk::Request& request,
                                        const LabViewer& viewer);
// "123" -> 123; 0 for anything that is not a plain positive number.
std::int64_t idParameter(const std::string& text);

} // namespace molar::credits
