// The patient's details aligner portals ask (products with patientDetails): what the
// rules accept and refuse, the wizard's patient step, and the shipped countries.
#include "PageFixtures.h"

#include "CasesSettings.h"
#include "MessageCatalogs.h"
#include "molar/sdk/Errors.h"
#include "patient/PatientRules.h"
#include "web/wizard/WizardSteps.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace molar;
using namespace molar::cases;
using molar::cases::test::fields;
using molar::cases::test::KeyWords;
using molar::cases::test::ShippedCatalog;

namespace {

std::string errorKey(const StepErrors& errors, const std::string& field)
{
    for (const auto& [name, key] : errors)
        if (name == field)
            return key;
    return "";
}

} // namespace

class PatientDetailsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PatientDetailsTest);
    CPPUNIT_TEST(testBirthDate);
    CPPUNIT_TEST(testGender);
    CPPUNIT_TEST(testCountry);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST(testAlignerProductsHaveThePatientStep);
    CPPUNIT_TEST(testPatientStepWithoutNames);
    CPPUNIT_TEST(testPatientStepWithNames);
    CPPUNIT_TEST(testPatientPageShowsWhatIsStored);
    CPPUNIT_TEST(testAnotherProductDropsTheDetails);
    CPPUNIT_TEST(testShippedCountries);
    CPPUNIT_TEST(testCountriesFromConfigAreChecked);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _shipped = std::make_unique<ShippedCatalog>();
        _settings = CaseSettings();
        _settings.countries = {"QA", "AE", "IN", "FR"};
        _steps = std::make_unique<WizardSteps>(
            _shipped->catalog, _settings,
            [](std::int64_t) {
                return std::vector<sdk::ClinicInfo>{{7, 3, "Main street", ""}};
            },
            [](std::int64_t) { return std::vector<CaseFile>{}; }, [this] { return _today; });
    }

    void testBirthDate()
    {
        const std::string today = "2026-05-12";
        CPPUNIT_ASSERT_EQUAL(std::string(""), birthDateError("", today)); // not given
        CPPUNIT_ASSERT_EQUAL(std::string(""), birthDateError("2010-04-25", today));
        CPPUNIT_ASSERT_EQUAL(std::string(""), birthDateError("2026-05-12", today)); // born today
        CPPUNIT_ASSERT_EQUAL(std::string(""), birthDateError("1900-01-01", today));
        CPPUNIT_ASSERT_EQUAL(std::string(""), birthDateError("2024-02-29", today)); // a leap year
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.birthDateFuture"), birthDateError("2026-05-13", today));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.birthDateFuture"), birthDateError("9999-12-31", today));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.birthDateTooEarly"),
                             birthDateError("1899-12-31", today));
        for (const char* bad :
             {"2023-02-29", "1900-02-29", "2010-13-01", "2010-00-10", "2010-04-31", "2010-4-25", "25/04/2010",
              "2010-04-25T00:00", " 2010-04-25", "201a-04-25", "2010/04/25"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("cases.error.birthDate"),
                                         birthDateError(bad, today));
        CPPUNIT_ASSERT_EQUAL(std::string(""), birthDateError("2000-02-29", today)); // divisible by 400
    }

    void testGender()
    {
        for (const char* good : {"", "female", "male", "other"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(good, std::string(""), genderError(good));
        for (const char* bad : {"Female", "f", "unknown", "notGiven", " male"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("cases.error.gender"), genderError(bad));
    }

    void testCountry()
    {
        const std::vector<std::string> countries{"QA", "IN"};
        CPPUNIT_ASSERT_EQUAL(std::string(""), countryError("", countries));
        CPPUNIT_ASSERT_EQUAL(std::string(""), countryError("QA", countries));
        for (const char* bad : {"qa", "FR", "QAT", "Q", "<b>"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("cases.error.country"),
                                         countryError(bad, countries));
        CPPUNIT_ASSERT(isCountryCode("QA"));
        for (const char* bad : {"qa", "Q", "QAT", "Q1", "", "É"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isCountryCode(bad));
    }

    void testNames()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), nameError("", false));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.lastName"), nameError("", true));
        std::string arabic;
        for (int i = 0; i < 100; ++i)
            arabic += "\xd8\xb3"; // 100 characters, 200 bytes
        CPPUNIT_ASSERT_EQUAL(std::string(""), nameError(arabic, true));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.tooLong"), nameError(arabic + "x", true));
    }

    void testAlignerProductsHaveThePatientStep()
    {
        CaseRecord draft;
        draft.product = "clear_aligners";
        CPPUNIT_ASSERT_EQUAL(std::string("patient"), _steps->next(draft, "product"));
        draft.product = "retainer";
        CPPUNIT_ASSERT(_steps->has(draft, "patient"));
        draft.product = "zirconia_crown";
        CPPUNIT_ASSERT(!_steps->has(draft, "patient"));
        CPPUNIT_ASSERT(_shipped->catalog.product("clear_aligners")->patientDetails);
        CPPUNIT_ASSERT(!_shipped->catalog.product("night_guard")->patientDetails);
    }

    void testPatientStepWithoutNames()
    {
        CaseRecord draft = aligner();
        CPPUNIT_ASSERT(
            read(draft, {{"gender", "female"}, {"birthDate", "2010-04-25"}, {"country", "QA"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("female"), draft.patient.gender);
        CPPUNIT_ASSERT_EQUAL(std::string("2010-04-25"), draft.patient.birthDate);
        CPPUNIT_ASSERT_EQUAL(std::string("QA"), draft.patient.country);
        // Names are not taken where the lab does not allow them, nor required.
        CPPUNIT_ASSERT(read(draft, {{"firstName", "Jane"}, {"lastName", "Doe"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.patient.lastName);
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.patientName);
        // Each refusal beside its field.
        const StepErrors errors =
            read(draft, {{"gender", "unknown"}, {"birthDate", "2026-05-13"}, {"country", "ZZ"}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.gender"), errorKey(errors, "gender"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.birthDateFuture"), errorKey(errors, "birthDate"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.country"), errorKey(errors, "country"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.birthDateTooEarly"),
                             errorKey(read(draft, {{"birthDate", "1899-12-31"}}), "birthDate"));
        // Today moves with the lab's clock.
        _today = "2026-05-13";
        CPPUNIT_ASSERT(read(draft, {{"birthDate", "2026-05-13"}}).empty());
    }

    void testPatientStepWithNames()
    {
        _settings.patientNames = true;
        CaseRecord draft = aligner();
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.lastName"),
                             errorKey(read(draft, {{"firstName", "Jane"}}), "lastName"));
        CPPUNIT_ASSERT(read(draft, {{"firstName", " Jane "}, {"lastName", " Doe "}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Jane"), draft.patient.firstName);
        CPPUNIT_ASSERT_EQUAL(std::string("Doe"), draft.patient.lastName);
        CPPUNIT_ASSERT_EQUAL(std::string("Jane Doe"), draft.patientName);
        CPPUNIT_ASSERT(read(draft, {{"lastName", "Doe"}}).empty()); // the first name is optional
        CPPUNIT_ASSERT_EQUAL(std::string("Doe"), draft.patientName);
        // The details page leaves the name to this step for such products.
        CPPUNIT_ASSERT(!view("details", draft).get("askPatientName").asBool());
        CPPUNIT_ASSERT(view("details", CaseRecord()).get("askPatientName").asBool());
    }

    void testPatientPageShowsWhatIsStored()
    {
        _settings.patientNames = true;
        CaseRecord draft = aligner();
        draft.patient = {"Jane", "Doe", "male", "2010-04-25", "IN"};
        const sdk::Value data = view("patient", draft);
        CPPUNIT_ASSERT(data.get("askNames").asBool());
        CPPUNIT_ASSERT_EQUAL(std::string("Doe"), data.getString("lastName"));
        CPPUNIT_ASSERT_EQUAL(std::string("2010-04-25"), data.getString("birthDate"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-12"), data.getString("today"));
        const auto& genders = data.get("genders").asArray();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), genders.size());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.gender.notGiven"), genders[0].getString("label"));
        CPPUNIT_ASSERT(genders[2].get("selected").asBool());
        const auto& countries = data.get("countries").asArray();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), countries.size()); // in the configured order
        CPPUNIT_ASSERT_EQUAL(std::string("QA"), countries[0].getString("value"));
        CPPUNIT_ASSERT(countries[2].get("selected").asBool());
    }

    void testAnotherProductDropsTheDetails()
    {
        CaseRecord draft = aligner();
        draft.patient = {"", "", "female", "2010-04-25", "QA"};
        CPPUNIT_ASSERT(read(draft, {{"product", "retainer"}}, "product").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("QA"), draft.patient.country);
        CPPUNIT_ASSERT(read(draft, {{"product", "zirconia_crown"}}, "product").empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.patient.country);
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.patient.birthDate);
    }

    // The shipped list: the Gulf first, then South Asia, each named in every language.
    void testShippedCountries()
    {
        molar::cases::test::MapConfig config = molar::cases::test::defaultConfig();
        const CasesSettings settings = readCasesSettings(config);
        const auto& countries = settings.cases.countries;
        CPPUNIT_ASSERT(countries.size() >= 249);
        const std::vector<std::string> first{"QA", "AE", "SA", "KW", "BH", "OM", "IN", "PK", "BD", "LK"};
        CPPUNIT_ASSERT(std::equal(first.begin(), first.end(), countries.begin()));
        const std::string messages = std::string(MOLAR_SOURCE_DIR) + "/plugins/cases/messages";
        for (const char* language : {"en", "ar", "fr"}) {
            const auto keys = molar::test::catalogKeys(messages, language);
            for (const auto& code : countries)
                CPPUNIT_ASSERT_MESSAGE(std::string(language) + " names no " + code,
                                       keys.count("cases.country." + code) == 1);
        }
    }

    void testCountriesFromConfigAreChecked()
    {
        for (const char* bad : {"QA, qa", "QA, QAT", "QA, QA"}) {
            molar::cases::test::MapConfig config = molar::cases::test::defaultConfig();
            config.set("countries", bad);
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, readCasesSettings(config), sdk::ConfigError);
        }
    }

private:
    CaseRecord aligner() const
    {
        CaseRecord record;
        record.organizationId = 3;
        record.product = "clear_aligners";
        record.workflow = "aligner";
        return record;
    }

    StepErrors read(CaseRecord& record, std::map<std::string, std::string> form,
                    const std::string& step = "patient")
    {
        return _steps->read(step, StepInput{fields(std::move(form)), fields({}), _words}, record);
    }

    sdk::Value view(const std::string& step, const CaseRecord& record)
    {
        return _steps->view(step, StepInput{fields({}), fields({}), _words}, record, sdk::Value::object());
    }

    std::unique_ptr<ShippedCatalog> _shipped;
    CaseSettings _settings;
    std::unique_ptr<WizardSteps> _steps;
    KeyWords _words;
    std::string _today = "2026-05-12";
};

CPPUNIT_TEST_SUITE_REGISTRATION(PatientDetailsTest);
