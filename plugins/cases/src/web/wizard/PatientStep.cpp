#include "web/wizard/PatientStep.h"

#include "patient/PatientRules.h"
#include "web/wizard/FormText.h"

namespace molar::cases {

StepErrors PatientStep::read(const StepInput& input, CaseRecord& record) const
{
    StepErrors errors;
    auto check = [&errors](const std::string& field, const std::string& key) {
        if (!key.empty())
            errors.emplace_back(field, key);
    };
    PatientDetails& patient = record.patient;
    if (_settings.patientNames) {
        patient.firstName = trimmed(input.form("firstName"));
        patient.lastName = trimmed(input.form("lastName"));
        check("firstName", nameError(patient.firstName, false));
        check("lastName", nameError(patient.lastName, true));
        record.patientName = trimmed(patient.firstName + " " + patient.lastName);
    }
    patient.gender = input.form("gender");
    check("gender", genderError(patient.gender));
    patient.birthDate = trimmed(input.form("birthDate"));
    check("birthDate", birthDateError(patient.birthDate, _today()));
    patient.country = input.form("country");
    check("country", countryError(patient.country, _settings.countries));
    return errors;
}

void PatientStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                       sdk::Value& data) const
{
    const PatientDetails& patient = record.patient;
    data.set("askNames", _settings.patientNames);
    data.set("firstName", patient.firstName);
    data.set("lastName", patient.lastName);
    sdk::Value genders = sdk::Value::array();
    for (const char* gender : {"", "female", "male", "other"})
        genders.push(sdk::Value::object(
            {{"value", gender},
             {"label", input.words.t(std::string("cases.gender.") + (*gender ? gender : "notGiven"))},
             {"selected", patient.gender == gender}}));
    data.set("genders", genders);
    data.set("birthDate", patient.birthDate);
    data.set("today", _today());
    sdk::Value countries = sdk::Value::array();
    for (const auto& code : _settings.countries)
        countries.push(sdk::Value::object({{"value", code},
                                           {"label", input.words.name("cases.country." + code, code)},
                                           {"selected", patient.country == code}}));
    data.set("countries", countries);
}

} // namespace molar::cases
