#include "web/wizard/DetailsStep.h"

#include "web/wizard/FormText.h"

#include <algorithm>
#include <cctype>

namespace molar::cases {
namespace {

// Patient references are internal IDs ("P-001", a record number), not names.
bool isPatientRef(const std::string& text)
{
    if (text.empty() || text.size() > 64)
        return false;
    return std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ' ' || c == '#';
    });
}

std::size_t codePoints(const std::string& text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

} // namespace

bool DetailsStep::asksName(const CaseRecord& record) const
{
    const Product* product = _catalog.product(record.product);
    return _settings.patientNames && !(product && product->patientDetails);
}

StepErrors DetailsStep::read(const StepInput& input, CaseRecord& record) const
{
    StepErrors errors;
    const std::string patientRef = trimmed(input.form("patientRef"));
    if (!isPatientRef(patientRef))
        errors.emplace_back("patientRef", "cases.error.patientRef");
    record.patientRef = patientRef;
    if (asksName(record)) {
        const std::string name = trimmed(input.form("patientName"));
        if (codePoints(name) > 200)
            errors.emplace_back("patientName", "cases.error.tooLong");
        record.patientName = name;
    }
    const auto clinics = _clinics(record.organizationId);
    if (clinics.size() == 1) {
        record.clinicId = clinics.front().id;
    } else if (clinics.size() > 1) {
        const std::string chosen = input.form("clinic");
        auto it = std::find_if(clinics.begin(), clinics.end(),
                               [&](const sdk::ClinicInfo& c) { return std::to_string(c.id) == chosen; });
        if (it == clinics.end())
            errors.emplace_back("clinic", "cases.error.clinic");
        else
            record.clinicId = it->id;
    }
    return errors;
}

void DetailsStep::view(const StepInput&, const CaseRecord& record, const sdk::Value& typed,
                       sdk::Value& data) const
{
    data.set("patientRef", typed.has("patientRef") ? typed.getString("patientRef") : record.patientRef);
    data.set("askPatientName", asksName(record));
    data.set("patientName", typed.has("patientName") ? typed.getString("patientName") : record.patientName);
    const auto clinics = _clinics(record.organizationId);
    sdk::Value options = sdk::Value::array();
    for (const auto& c : clinics)
        options.push(
            sdk::Value::object({{"id", c.id}, {"name", c.name}, {"selected", c.id == record.clinicId}}));
    data.set("clinics", options);
    data.set("chooseClinic", clinics.size() > 1);
}

} // namespace molar::cases
