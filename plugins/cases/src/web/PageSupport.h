#pragma once

#include "CaseService.h"
#include "molar/sdk/Http.h"
#include "molar/sdk/Locale.h"
#include "molar/sdk/Views.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace molar::cases {

// What every cases page needs: the viewer's time zone and language, labels from
// the catalogs, and a case as one row of a list.
class PageSupport
{
public:
    PageSupport(CaseService& service, sdk::Views& views, sdk::Locales& locales)
        : _service(service), _views(views), _locales(locales)
    {
    }

    CaseService& service() { return _service; }
    sdk::Views& views() { return _views; }

    // The viewer's IANA time zone (the host gives users who chose none the lab's), or
    // the working hours' zone for visitors who are not signed in.
    std::string zone(const sdk::Request& request) const;
    // UTC seconds as a date and time in the viewer's language and zone; "" for 0.
    std::string time(const sdk::Request& request, std::int64_t utc) const;
    // UTC seconds as a <time datetime> value, "2026-05-12T06:00Z"; "" for 0.
    static std::string stamp(std::int64_t utc);
    // A calendar day kept as "2010-04-25" in the viewer's language; the text as it is
    // when it is no such day.
    std::string day(const sdk::Request& request, const std::string& isoDay) const;
    // A catalog message; "{name}" in it becomes the value set for `name`.
    std::string t(const sdk::Request& request, const std::string& key) const;
    // A value the messages show, such as a configured limit ("maxFilesPerCase").
    void setValue(const std::string& name, const std::string& value);
    // A refusal's message, after what it is about when it names that (a file).
    std::string refusalText(const sdk::Request& request, const CaseRefusal& refusal) const;
    // A catalog message for a code from config (an option, a family, an action);
    // codes a lab adds without a message show as words ("heavy_chamfer" -> "Heavy chamfer").
    std::string label(const sdk::Request& request, const std::string& prefix, const std::string& code) const;
    std::string statusLabel(const sdk::Request& request, const std::string& status) const;
    std::string stageLabel(const sdk::Request& request, const std::string& stage) const;
    // A name config gives in English, in the viewer's language where a catalog has it
    // (cases.productName.<code>, cases.fieldLabel.<name>); the configured name otherwise.
    std::string configuredName(const sdk::Request& request, const std::string& key,
                               const std::string& configured) const;
    std::string productName(const sdk::Request& request, const std::string& code) const;
    std::string fieldLabel(const sdk::Request& request, const ProductField& field) const;
    // Whether the viewer is on the clinic's side: clinics see stages, the lab statuses.
    static bool isClinicViewer(const sdk::Request& request);
    // The case's state as the viewer knows it: its stage for a clinic, its status for the lab.
    std::string stateLabel(const sdk::Request& request, const CaseRecord& record) const;
    // A case as a row of My Cases or the lab board, with its ETA badge.
    sdk::Value summary(const sdk::Request& request, const CaseRecord& record) const;
    // The ETA badge alone: due time in the viewer's zone, and whether it is late.
    sdk::Value eta(const sdk::Request& request, const CaseRecord& record) const;
    bool isOverdue(const CaseRecord& record) const;

    // The translated upload refusal named by the `uploadError` query parameter, or "".
    std::string uploadError(const sdk::Request& request) const;
    // Renders a page of this plugin. Mustache has no "list is not empty" test, so
    // before rendering every list `things` gains a flag `hasThings`.
    void page(sdk::Request& request, sdk::Response& response, const std::string& templateName,
              const std::string& titleKey, sdk::Value data) const;
    // Runs `work`; a CaseRefusal becomes an HTTP error in the viewer's language.
    void guarded(const sdk::Request& request, const std::function<void()>& work) const;

private:
    CaseService& _service;
    sdk::Views& _views;
    sdk::Locales& _locales;
    std::vector<std::pair<std::string, std::string>> _values; // "{name}", value
};

} // namespace molar::cases
