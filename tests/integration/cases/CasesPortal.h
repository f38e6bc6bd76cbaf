// A real Portal with the built cases plugin on a loopback port, the demo's people,
// a temporary file store and a manual clock; and the steps a clinic takes through
// the wizard, over HTTP.
#pragma once

#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace molar::test {

// Tuesday 2026-05-12 06:00 UTC: 09:00 in Qatar, a working day before the cutoff.
inline std::chrono::system_clock::time_point caseEpoch()
{
    return std::chrono::system_clock::time_point(std::chrono::seconds(1778565600));
}

class CasesPortal
{
public:
    explicit CasesPortal(DemoPortal::Settings extra = {}) : clock(caseEpoch())
    {
        // The demo's lab, in Qatar: its working hours and its users' times follow portal.timeZone.
        DemoPortal::Settings settings{{"plugins.path", MOLAR_PLUGIN_DIR},
                                      {"plugins.enabled", "cases"},
                                      {"files.root", files.path()},
                                      {"portal.timeZone", "Asia/Qatar"}};
        settings.insert(settings.end(), extra.begin(), extra.end());
        demo = std::make_unique<DemoPortal>(clock, settings);
    }

    host::Portal& portal() { return demo->portal(); }
    sdk::Database& db() { return portal().database(); }

    std::unique_ptr<HttpBrowser> signIn(const std::string& email, const std::string& password)
    {
        auto browser = std::make_unique<HttpBrowser>(portal());
        const Answer answer = browser->signIn(email, password);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("sign-in of " + email, 303, answer.status);
        return browser;
    }
    std::unique_ptr<HttpBrowser> pearlDentist()
    {
        return signIn("dentist@pearl.example", "demo pearl dentist");
    }
    std::unique_ptr<HttpBrowser> pearlOwner() { return signIn("owner@pearl.example", "demo pearl owner"); }
    std::unique_ptr<HttpBrowser> smileDentist()
    {
        return signIn("dentist@smile.example", "demo smile dentist");
    }
    std::unique_ptr<HttpBrowser> labAdmin() { return signIn("admin@lab.example", "demo lab admin"); }
    std::unique_ptr<HttpBrowser> technician() { return signIn("tech@lab.example", "demo technician"); }

    std::int64_t firstClinicOf(const std::string& ownerEmail)
    {
        auto rows = db().query("SELECT c.id FROM molar_clinics c JOIN molar_users u ON u.organization_id = "
                               "c.organization_id WHERE u.email = ? ORDER BY c.id",
                               {ownerEmail});
        return rows.empty() ? 0 : rows.get(0, "id").asInt();
    }

    // A zirconia crown draft on tooth 11, complete and confirmed; answers its id.
    std::int64_t completeCrownDraft(HttpBrowser& browser, const std::string& patientRef,
                                    const std::string& clinicOwner = "owner@pearl.example")
    {
        Answer created = browser.post("/cases/new", {{"patientRef", patientRef},
                                                     {"clinic", std::to_string(firstClinicOf(clinicOwner))}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 303, created.status);
        const std::string location = created.header("Location"); // /cases/<id>/edit/product
        const std::string base = location.substr(0, location.find("/edit/"));
        const std::int64_t id = std::stoll(base.substr(std::string("/cases/").size()));
        expectRedirect(browser.post(base + "/edit/product", {{"product", "zirconia_crown"}}),
                       base + "/edit/teeth");
        expectRedirect(browser.post(base + "/edit/teeth", {{"numbering", "fdi"}, {"tooth-11", "crown"}}),
                       base + "/edit/shade");
        expectRedirect(browser.post(base + "/edit/shade", {{"shade", "classical:A2"}}),
                       base + "/edit/fields");
        expectRedirect(browser.post(base + "/edit/fields", {{"field-margin", "chamfer"}}),
                       base + "/edit/files");
        expectRedirect(browser.post(base + "/edit/confirm", {{"truthful", "yes"}, {"privacy", "yes"}}),
                       base + "?created=1");
        return id;
    }

    std::string submit(HttpBrowser& browser, std::int64_t id)
    {
        const Answer answer = browser.post("/cases/" + std::to_string(id) + "/submit", {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
        return number(id);
    }

    std::string number(std::int64_t id)
    {
        return db().query("SELECT number FROM cases_cases WHERE id = ?", {id}).get(0, "number").toString();
    }
    std::string status(std::int64_t id)
    {
        return db().query("SELECT status FROM cases_cases WHERE id = ?", {id}).get(0, "status").toString();
    }

    static void expectRedirect(const Answer& answer, const std::string& location)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
        CPPUNIT_ASSERT_EQUAL(location, answer.header("Location"));
    }

    host::ManualClock clock;
    TempDir files;
    std::unique_ptr<DemoPortal> demo; // last: stopped first
};

// One part of a multipart form: a file when fileName is not empty.
struct FormPart
{
    std::string name;
    std::string fileName;
    std::string content;
};

// Posts `parts` in order as one multipart form. HttpBrowser::postFile sends one
// file part; the parts after the first travel inside its content, each opened with
// HttpBrowser's boundary, so the server reads them as parts of their own.
inline Answer postParts(HttpBrowser& browser, const std::string& path, const std::vector<FormPart>& parts,
                        const std::string& accept = "text/html")
{
    const std::string boundary = "----molar-test-boundary-7d1f";
    std::string content = parts.front().content;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        content += "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + parts[i].name + "\"";
        if (!parts[i].fileName.empty())
            content += "; filename=\"" + parts[i].fileName + "\"\r\nContent-Type: application/octet-stream";
        content += "\r\n\r\n" + parts[i].content;
    }
    return browser.postFile(path, {}, parts.front().name, parts.front().fileName, content, accept);
}

// A binary STL of `triangles` facets: 80-byte header, count, 50 bytes per facet.
inline std::string binaryStl(std::uint32_t triangles)
{
    std::string stl(80, ' ');
    stl.replace(0, 10, "molar test");
    for (int i = 0; i < 4; ++i)
        stl += static_cast<char>((triangles >> (8 * i)) & 0xFF);
    stl.append(static_cast<std::size_t>(triangles) * 50, '\0');
    return stl;
}

} // namespace molar::test
