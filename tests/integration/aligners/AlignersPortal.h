// A real Portal with the cases and aligners plugins (CasesPortal: the demo's people, a
// manual clock at Tuesday 2026-05-12 09:00 in Qatar), and the steps the aligners suites
// share: an aligner case sent by Pearl's dentist, a plan uploaded by the lab over HTTP
// with its STLs, report and options, and what the tables and the outbox then hold.
#pragma once

#include "CasesPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdint>
#include <regex>
#include <string>
#include <vector>

namespace molar::test {

class AlignersPortal : public CasesPortal
{
public:
    static constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

    explicit AlignersPortal(DemoPortal::Settings extra = {}) : CasesPortal(withAligners(std::move(extra))) {}

    std::unique_ptr<HttpBrowser> labLead() { return signIn("lead@lab.example", "demo lab lead"); }

    // Clear aligners on both arches sent by `browser` (Pearl's dentist by default); its id.
    std::int64_t submittedAligners(HttpBrowser& browser, const std::string& patientRef = "P-ALIGN")
    {
        Answer created =
            browser.post("/cases/new", {{"patientRef", patientRef},
                                        {"clinic", std::to_string(firstClinicOf("owner@pearl.example"))}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 303, created.status);
        const std::string location = created.header("Location");
        const std::string base = location.substr(0, location.find("/edit/"));
        const std::int64_t id = std::stoll(base.substr(std::string("/cases/").size()));
        expectRedirect(browser.post(base + "/edit/product", {{"product", "clear_aligners"}}),
                       base + "/edit/patient");
        expectRedirect(browser.post(base + "/edit/patient",
                                    {{"gender", "female"}, {"birthDate", "2008-03-14"}, {"country", "QA"}}),
                       base + "/edit/teeth");
        const Answer teeth = browser.post(base + "/edit/teeth", {{"arches", "both"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(teeth.body, 303, teeth.status);
        const Answer fields = browser.post(base + "/edit/fields", {{"field-impression", "intraoral_scan"},
                                                                   {"field-treatment_type", "full_7_7"},
                                                                   {"field-overjet", "maintain"},
                                                                   {"field-overbite", "improve"},
                                                                   {"field-midline", "maintain"},
                                                                   {"field-ipr", "as_recommended"},
                                                                   {"field-attachments", "yes"},
                                                                   {"field-design", "standard"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(fields.body, 303, fields.status);
        expectRedirect(browser.post(base + "/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}),
                       base + "?created=1");
        submit(browser, id);
        return id;
    }
    std::int64_t submittedAligners()
    {
        auto dentist = pearlDentist();
        return submittedAligners(*dentist);
    }

    static std::string planPath(std::int64_t caseId) { return "/aligners/cases/" + std::to_string(caseId); }

    // The lab's upload: 20 upper and 18 lower steps, steps 0, 5 and 20 of the upper arch and
    // 0 of the lower as STLs, a PDF report, options ONE and TWO planned at 20 steps, and
    // whatever `changes` adds or replaces.
    static std::vector<FormPart> planForm(const std::vector<FormPart>& changes = {})
    {
        std::vector<FormPart> parts{
            {"stepsUpper", "", "20"},
            {"stepsLower", "", "18"},
            {"engagersUpper", "", "3, 5"},
            {"engagersLower", "", ""},
            {"iprNotes", "", "0.2 mm between 12 and 11 at step 4"},
            {"attachmentNotes", "", "Optimized attachments on 13 and 23"},
            {"simulationUrl", "", "https://viewer.lab.example/sim/123"},
            {"offer_ONE", "", "1"},
            {"steps_ONE", "", "20"},
            {"offer_TWO", "", "1"},
            {"steps_TWO", "", "20"},
            {"upperSteps", "Upper_Step_00.stl", binaryStl(4)},
            {"upperSteps", "Upper_Step_05.stl", binaryStl(5)},
            {"upperSteps", "Upper_Step_20.stl", binaryStl(6)},
            {"lowerSteps", "lower-0.stl", binaryStl(3)},
            {"report", "plan-report.pdf", "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"}};
        for (const auto& change : changes) {
            bool replaced = false;
            for (auto& part : parts)
                if (part.name == change.name && part.fileName.empty() && change.fileName.empty()) {
                    part = change;
                    replaced = true;
                }
            if (!replaced)
                parts.push_back(change);
        }
        return parts;
    }
    Answer uploadPlan(HttpBrowser& lab, std::int64_t caseId, const std::vector<FormPart>& changes = {})
    {
        return postParts(lab, planPath(caseId) + "/plans", planForm(changes));
    }
    // Uploads the standard plan as the lab's admin and checks it was taken; the plan's id.
    std::int64_t uploadedPlan(std::int64_t caseId)
    {
        auto admin = labAdmin();
        expectRedirect(uploadPlan(*admin, caseId), planPath(caseId));
        return latestPlan(caseId);
    }

    std::int64_t latestPlan(std::int64_t caseId)
    {
        return db()
            .query("SELECT id FROM aligner_plans WHERE case_id = ? ORDER BY version DESC", {caseId})
            .get(0, "id")
            .asInt();
    }
    std::string planState(std::int64_t planId)
    {
        return db()
            .query("SELECT state FROM aligner_plans WHERE id = ?", {planId})
            .get(0, "state")
            .toString();
    }
    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).row(0).at(0).asInt();
    }
    // Events of a name the notification rules picked up (each rule's event becomes a job).
    std::int64_t events(const std::string& name)
    {
        return count("SELECT COUNT(*) FROM molar_jobs WHERE payload LIKE ?",
                     {"%\"event\":\"" + name + "\"%"});
    }

    // The share link a share answer shows once.
    static std::string shareLinkIn(const std::string& body)
    {
        static const std::regex link(R"(/plans/shared/([A-Za-z0-9_-]{43}))");
        std::smatch found;
        return std::regex_search(body, found, link) ? found[0].str() : std::string();
    }

    std::int64_t nowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
    }
    void advance(std::int64_t ms) { clock.advance(std::chrono::milliseconds(ms)); }

private:
    static DemoPortal::Settings withAligners(DemoPortal::Settings extra)
    {
        DemoPortal::Settings settings{{"plugins.enabled", "cases, aligners"},
                                      {"notifications.logChannels", "email, whatsapp"}};
        settings.insert(settings.end(), extra.begin(), extra.end());
        return settings;
    }
};

} // namespace molar::test
