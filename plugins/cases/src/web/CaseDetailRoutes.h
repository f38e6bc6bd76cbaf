#pragma once

#include "web/FileIntake.h"
#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// A case's page for both sides: its data, files with preview and download, the
// chat, the activity timeline (newest first), and the actions its workflow offers
// (those the viewer may not take now are shown disabled).
class CaseDetailRoutes
{
public:
    // Where other plugins' panels about the case go (Views::addPanel); the case's id is
    // the route's "id" (request.param("id")).
    static constexpr const char* panelPlace = "case.page";

    CaseDetailRoutes(sdk::Host& host, PageSupport& pages, FileIntake& intake)
        : _host(host), _pages(pages), _intake(intake)
    {
    }
    void registerRoutes(sdk::Routes& routes);

    // A chat message: as many characters as the page's field allows, each at most
    // four bytes in UTF-8.
    static constexpr std::size_t maxMessageCharacters = 5000;
    static constexpr std::size_t maxMessageBytes = 4 * maxMessageCharacters;

private:
    void show(sdk::Request& request, sdk::Response& response);
    void act(sdk::Request& request, sdk::Response& response);
    void assign(sdk::Request& request, sdk::Response& response);
    void move(sdk::Request& request, sdk::Response& response);
    void message(sdk::Request& request, sdk::Response& response);
    // The clinic corrects the patient's first and last name; a refused name comes back
    // on the case page beside its field.
    void renamePatient(sdk::Request& request, sdk::Response& response);
    // The case page; `rename`: the name form's values and errors when it came back refused.
    void render(sdk::Request& request, sdk::Response& response, const CaseCaller& caller,
                const CaseRecord& record, const sdk::Value& rename);

    sdk::Value caseData(sdk::Request& request, const CaseRecord& record);
    // The patient's gender, date of birth and country, in the viewer's words.
    void patientData(sdk::Request& request, const CaseRecord& record, sdk::Value& data);
    sdk::Value actions(sdk::Request& request, const CaseCaller& caller, const CaseRecord& record);
    sdk::Value timeline(sdk::Request& request, const CaseRecord& record);

    sdk::Host& _host;
    PageSupport& _pages;
    FileIntake& _intake;
};

} // namespace molar::cases
