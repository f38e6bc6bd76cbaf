#include "demo/CasesDemoData.h"

#include "molar/sdk/Files.h"

#include <cstring>
#include <deque>
#include <map>
#include <set>

namespace molar::cases {
namespace {

// A cube of 12 triangles, 20 mm wide: a scan small enough to ship in code.
std::string cubeStl()
{
    const float s = 20;
    const float v[8][3] = {{0, 0, 0}, {s, 0, 0}, {s, s, 0}, {0, s, 0},
                           {0, 0, s}, {s, 0, s}, {s, s, s}, {0, s, s}};
    const int faces[12][3] = {{0, 2, 1}, {0, 3, 2}, {4, 5, 6}, {4, 6, 7}, {0, 1, 5}, {0, 5, 4},
                              {1, 2, 6}, {1, 6, 5}, {2, 3, 7}, {2, 7, 6}, {3, 0, 4}, {3, 4, 7}};
    std::string stl(80, ' ');
    const std::string title = "molar demo cube";
    stl.replace(0, title.size(), title);
    auto put32 = [&](std::uint32_t n) {
        for (int i = 0; i < 4; ++i)
            stl += static_cast<char>((n >> (8 * i)) & 0xFF);
    };
    auto putFloat = [&](float f) {
        std::uint32_t bits;
        static_assert(sizeof bits == sizeof f, "32-bit floats");
        std::memcpy(&bits, &f, sizeof bits);
        put32(bits);
    };
    put32(12);
    for (const auto& face : faces) {
        for (int i = 0; i < 3; ++i)
            putFloat(0); // normals are recomputed by readers
        for (int corner : face)
            for (int axis = 0; axis < 3; ++axis)
                putFloat(v[corner][axis]);
        stl += '\0';
        stl += '\0';
    }
    return stl;
}

} // namespace

void CasesDemoData::seed()
{
    auto existing = _host.database().query("SELECT COUNT(*) AS n FROM cases_cases");
    if (existing.get(0, "n").asInt() > 0)
        return;
    auto admins = _host.accounts().labUsers("admin");
    if (admins.empty())
        return;
    CaseCaller lab;
    lab.actor = sdk::Actor{admins.front().id, admins.front().displayName, ""};
    lab.side = "lab";
    lab.role = "admin";

    // Which product shows each workflow.
    std::map<std::string, std::string> productOf;
    for (const auto& p : _service.catalog().products())
        productOf.emplace(p.workflow, p.code);

    // Every state of each workflow, and two drafts, per demo organization's dentist.
    const auto technicians = _host.accounts().labUsers("technician");
    int patient = 1;
    for (const auto& organization : _host.accounts().organizations("active")) {
        auto dentists = _host.accounts().organizationUsers(organization.id, "dentist");
        auto clinics = _host.accounts().clinics(organization.id);
        if (dentists.empty() || clinics.empty())
            continue;
        CaseCaller dentist;
        dentist.actor = sdk::Actor{dentists.front().id, dentists.front().displayName, ""};
        dentist.side = "clinic";
        dentist.role = "dentist";
        dentist.organizationId = organization.id;
        std::int64_t age = 0;
        for (const auto& [workflowName, product] : productOf) {
            const Workflow& workflow = _service.workflows().at(workflowName);
            for (const auto& state : workflow.states()) {
                // Only another plugin puts a case there (awaiting credit: the credits plugin's
                // hold, with its ledger); a case moved there by hand would wait for nothing.
                if (workflow.enteredBySystemOnly(state.name))
                    continue;
                char ref[16];
                std::snprintf(ref, sizeof ref, "P-%03d", patient++);
                const std::int64_t id = makeCase(dentist, clinics[patient % clinics.size()], product, ref);
                if (patient % 3 == 0)
                    attachScan(dentist, id);
                // Older cases first; some of the open ones end up past their due time. The
                // number carries the date the case counts as submitted.
                const std::int64_t seconds = (age += 3) * 3600 * 7;
                _service.submit(dentist, id, _service.now() - seconds);
                moveTo(id, workflow, state.name, lab, dentist);
                // Half the submitted cases have their technician.
                if (!technicians.empty() && patient % 2 == 0)
                    _service.assign(lab, id, technicians.front().id);
                backdate(id, seconds);
            }
        }
        for (int i = 0; i < 2; ++i) {
            char ref[16];
            std::snprintf(ref, sizeof ref, "P-%03d", patient++);
            const std::int64_t id = makeCase(dentist, clinics.front(), productOf.begin()->second, ref);
            if (i == 0)
                attachScan(dentist, id);
        }
    }
}

void CasesDemoData::moveTo(std::int64_t id, const Workflow& workflow, const std::string& state,
                           const CaseCaller& lab, const CaseCaller& clinic)
{
    // Breadth-first over the workflow's actions, skipping @previous ones and the system's.
    std::map<std::string, std::pair<std::string, std::string>> cameFrom; // state -> (previous, action)
    std::deque<std::string> queue{workflow.entryState()};
    cameFrom[workflow.entryState()] = {"", ""};
    while (!queue.empty() && !cameFrom.count(state)) {
        const std::string current = queue.front();
        queue.pop_front();
        for (const Transition* t : workflow.transitionsFrom(current)) {
            if (t->bySystem() || t->to.empty() || t->to[0] == '@' || cameFrom.count(t->to))
                continue;
            cameFrom[t->to] = {current, t->action};
            queue.push_back(t->to);
        }
    }
    if (!cameFrom.count(state))
        return;
    std::vector<std::string> actions;
    for (std::string s = state; !cameFrom[s].second.empty(); s = cameFrom[s].first)
        actions.insert(actions.begin(), cameFrom[s].second);
    for (const auto& action : actions) {
        const Transition* t = workflow.transition(action);
        const CaseRecord record = _service.load(lab, id);
        const CaseCaller& caller = _service.mayTake(lab, record, *t) ? lab : clinic;
        _service.transition(caller, id, action, t->reasonRequired ? "Demo: waiting for a clearer scan" : "");
    }
}

std::int64_t CasesDemoData::makeCase(const CaseCaller& dentist, const sdk::ClinicInfo& clinic,
                                     const std::string& product, const std::string& patientRef)
{
    CaseRecord draft;
    draft.clinicId = clinic.id;
    draft.patientRef = patientRef;
    const Product* p = _service.catalog().product(product);
    draft.product = product;
    draft.workflow = p->workflow;
    if (p->chart == "teeth")
        draft.teeth = "11:crown,21:crown";
    if (p->chart == "arches")
        draft.arches = "both";
    if (p->shade) {
        draft.shadeGuide = "classical";
        draft.shade = "A2";
    }
    for (const auto& name : p->fields) {
        const ProductField* field = _service.catalog().field(name);
        if (!field)
            continue;
        if (field->type == "choice" && !field->options.empty())
            draft.fields[name] = field->options.front();
        else if (field->type == "number")
            draft.fields[name] = std::to_string(field->min);
        else if (field->type == "boolean")
            draft.fields[name] = "false";
        else if (field->required)
            draft.fields[name] = "Demo";
    }
    if (p->patientDetails) {
        // What an aligner portal asks; the name (required where names are allowed) says it is made up.
        PatientDetails& patient = draft.patient;
        patient.gender = "other";
        patient.birthDate = "2010-01-01";
        if (!_service.settings().countries.empty())
            patient.country = _service.settings().countries.front();
        if (_service.settings().patientNames) {
            patient.firstName = "Demo";
            patient.lastName = patientRef;
            draft.patientName = patient.firstName + " " + patient.lastName;
        }
    }
    draft.confirmed = true;
    return _service.createDraft(dentist, draft);
}

void CasesDemoData::attachScan(const CaseCaller& dentist, std::int64_t id)
{
    const std::string key = "cases/" + std::to_string(id) + "/demo-cube";
    auto writer = _host.files().create(key);
    const std::string stl = cubeStl();
    writer->stream().write(stl.data(), static_cast<std::streamsize>(stl.size()));
    writer->flush();
    CaseFile file;
    file.slot = "upper_scan";
    file.originalName = "demo-upper.stl";
    file.storeKey = key;
    file.kind = "scan";
    file.format = "stl";
    file.mediaType = "model/stl";
    file.size = static_cast<std::int64_t>(writer->commit());
    _service.recordFile(dentist, _service.load(dentist, id), file);
}

void CasesDemoData::backdate(std::int64_t id, std::int64_t seconds)
{
    // The case was submitted `seconds` ago, with its due time; what happened since (moves,
    // assignment, files) happened now, and moves back by as much.
    const std::int64_t submitted = _service.now() - seconds;
    _host.database().execute(
        "UPDATE cases_cases SET created_at = created_at - ?, "
        "updated_at = CASE WHEN updated_at > ? THEN updated_at - ? ELSE updated_at END WHERE id = ?",
        {seconds, submitted, seconds, id});
    _host.database().execute("UPDATE cases_activity SET at = at - ? WHERE case_id = ? AND at > ?",
                             {seconds, id, submitted});
}

} // namespace molar::cases
