// A real Portal with the cases and warranty plugins (CasesPortal: the demo's people, a
// manual clock at Tuesday 2026-05-12 09:00 in Qatar) and the steps the warranty suites
// share: a crown sent by Pearl's dentist and taken to delivery by the lab.
#pragma once

#include "CasesPortal.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

class WarrantyPortal : public CasesPortal
{
public:
    explicit WarrantyPortal(DemoPortal::Settings extra = {}) : CasesPortal(withWarranty(std::move(extra))) {}

    // A zirconia crown on tooth 11 sent by Pearl's dentist; answers its id.
    std::int64_t submittedCrown(const std::string& patientRef = "P-WARRANTY")
    {
        auto dentist = pearlDentist();
        const std::int64_t id = completeCrownDraft(*dentist, patientRef);
        submit(*dentist, id);
        return id;
    }

    // The lab takes the case through `actions` (each a 303).
    void act(std::int64_t caseId, const std::vector<std::string>& actions, const std::string& reason = "")
    {
        auto admin = labAdmin();
        for (const auto& action : actions) {
            const Answer answer = admin->post("/cases/" + std::to_string(caseId) + "/actions/" + action,
                                              reason.empty() ? Form{} : Form{{"reason", reason}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action + ": " + answer.body, 303, answer.status);
        }
    }
    void deliver(std::int64_t caseId)
    {
        act(caseId, {"accept", "to_production", "to_finishing", "to_qc", "ship", "deliver"});
    }

    std::int64_t count(const std::string& sql, const sdk::Params& params = {})
    {
        return db().query(sql, params).row(0).at(0).asInt();
    }
    std::string text(const std::string& sql, const sdk::Params& params = {})
    {
        auto rows = db().query(sql, params);
        return rows.empty() ? std::string() : rows.row(0).at(0).toString();
    }
    std::int64_t warrantyOf(std::int64_t caseId)
    {
        auto rows = db().query("SELECT id FROM warranty_cards WHERE case_id = ?", {caseId});
        return rows.empty() ? 0 : rows.row(0).at(0).asInt();
    }

    // Waits until the outbox has no job it could run now.
    void settle()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            const std::int64_t now = host::millisSinceEpoch(clock.now());
            if (count("SELECT COUNT(*) FROM molar_jobs WHERE state = 'running' OR (state = 'pending' AND "
                      "run_at <= ?)",
                      {now}) == 0)
                return;
            CPPUNIT_ASSERT_MESSAGE("the outbox is still busy after 60 s",
                                   std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

private:
    static DemoPortal::Settings withWarranty(DemoPortal::Settings extra)
    {
        // Email written to the log: the notification rules need a channel to choose.
        DemoPortal::Settings settings{{"plugins.enabled", "cases, warranty"},
                                      {"notifications.logChannels", "email"}};
        settings.insert(settings.end(), extra.begin(), extra.end());
        return settings;
    }
};

} // namespace molar::test
