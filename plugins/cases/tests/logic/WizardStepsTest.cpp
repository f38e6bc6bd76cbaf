// The wizard's steps without HTTP: what each step accepts and refuses, which steps a
// product has, and the data each page shows.
#include "PageFixtures.h"

#include "CaseCaller.h"
#include "chart/ToothChart.h"
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

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : " ") + name;
    return out;
}

} // namespace

class WizardStepsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WizardStepsTest);
    CPPUNIT_TEST(testStepsFollowTheProduct);
    CPPUNIT_TEST(testDetailsPatientReference);
    CPPUNIT_TEST(testDetailsPatientName);
    CPPUNIT_TEST(testDetailsClinic);
    CPPUNIT_TEST(testProductChoiceDropsWhatNoLongerApplies);
    CPPUNIT_TEST(testTeeth);
    CPPUNIT_TEST(testArches);
    CPPUNIT_TEST(testShade);
    CPPUNIT_TEST(testProductFields);
    CPPUNIT_TEST(testConfirm);
    CPPUNIT_TEST(testStepsAfterTheProductNeedOne);
    CPPUNIT_TEST(testPageFrame);
    CPPUNIT_TEST(testDetailsPageKeepsWhatWasTyped);
    CPPUNIT_TEST(testTeethPageNumbering);
    CPPUNIT_TEST(testFilesPageShowsOnlyFileRefusals);
    CPPUNIT_TEST(testConfirmPageLinksThePolicy);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _shipped = std::make_unique<ShippedCatalog>();
        _clinics = {{7, 3, "Main street", ""}};
        _files.clear();
        _steps = std::make_unique<WizardSteps>(
            _shipped->catalog, _settings,
            [this](std::int64_t organizationId) {
                std::vector<sdk::ClinicInfo> out;
                for (const auto& c : _clinics)
                    if (c.organizationId == organizationId)
                        out.push_back(c);
                return out;
            },
            [this](std::int64_t) { return _files; });
    }

    void testStepsFollowTheProduct()
    {
        CaseRecord draft;
        CPPUNIT_ASSERT_EQUAL(std::string("details product teeth shade fields files confirm"),
                             joined(_steps->names(draft)));
        draft.product = "night_guard"; // arches, no shade
        CPPUNIT_ASSERT_EQUAL(std::string("details product teeth fields files confirm"),
                             joined(_steps->names(draft)));
        CPPUNIT_ASSERT(!_steps->has(draft, "shade"));
        CPPUNIT_ASSERT_EQUAL(std::string("fields"), _steps->next(draft, "teeth"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), _steps->next(draft, "confirm"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), _steps->next(draft, "nonsense"));
    }

    void testDetailsPatientReference()
    {
        CaseRecord draft = blank();
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.patientRef"),
                             errorKey(read("details", draft, {}), "patientRef"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.patientRef"),
                             errorKey(read("details", draft, {{"patientRef", "Jane <Doe>"}}), "patientRef"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("cases.error.patientRef"),
            errorKey(read("details", draft, {{"patientRef", std::string(65, 'P')}}), "patientRef"));
        CPPUNIT_ASSERT(read("details", draft, {{"patientRef", "  P-001/a#2  "}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("P-001/a#2"), draft.patientRef);
    }

    void testDetailsPatientName()
    {
        CaseRecord draft = blank();
        // Not asked: the name is not taken.
        CPPUNIT_ASSERT(read("details", draft, {{"patientRef", "P-1"}, {"patientName", "Jane"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.patientName);
        _settings.patientNames = true;
        std::string arabic;
        for (int i = 0; i < 200; ++i)
            arabic += "\xd8\xb3"; // 200 characters, 400 bytes
        CPPUNIT_ASSERT(read("details", draft, {{"patientRef", "P-1"}, {"patientName", arabic}}).empty());
        CPPUNIT_ASSERT_EQUAL(arabic, draft.patientName);
        CPPUNIT_ASSERT_EQUAL(
            std::string("cases.error.tooLong"),
            errorKey(read("details", draft, {{"patientRef", "P-1"}, {"patientName", arabic + "x"}}),
                     "patientName"));
    }

    void testDetailsClinic()
    {
        CaseRecord draft = blank();
        // One clinic: it is the case's without asking.
        CPPUNIT_ASSERT(read("details", draft, {{"patientRef", "P-1"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), draft.clinicId);

        _clinics.push_back({8, 3, "Harbour", ""});
        _clinics.push_back({9, 4, "Another organization's", ""});
        draft.clinicId = 0;
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.clinic"),
                             errorKey(read("details", draft, {{"patientRef", "P-1"}}), "clinic"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("cases.error.clinic"),
            errorKey(read("details", draft, {{"patientRef", "P-1"}, {"clinic", "9"}}), "clinic"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), draft.clinicId);
        CPPUNIT_ASSERT(read("details", draft, {{"patientRef", "P-1"}, {"clinic", "8"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(8), draft.clinicId);
    }

    void testProductChoiceDropsWhatNoLongerApplies()
    {
        CaseRecord draft = blank();
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.product"),
                             errorKey(read("product", draft, {{"product", "gold_tooth"}}), "product"));
        CPPUNIT_ASSERT(read("product", draft, {{"product", "night_guard"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("restorative"), draft.workflow);
        draft.arches = "upper";
        draft.fields = {{"notes", "soft"}};
        // The same product again keeps what was entered.
        CPPUNIT_ASSERT(read("product", draft, {{"product", "night_guard"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), draft.fields.size());
        // Another arch product keeps the arches, not the fields.
        CPPUNIT_ASSERT(read("product", draft, {{"product", "clear_aligners"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("aligner"), draft.workflow);
        CPPUNIT_ASSERT_EQUAL(std::string("upper"), draft.arches);
        CPPUNIT_ASSERT(draft.fields.empty());
        // A crown has no arches; a product without a shade drops the shade.
        CPPUNIT_ASSERT(read("product", draft, {{"product", "zirconia_crown"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.arches);
        draft.shadeGuide = "classical";
        draft.shade = "A2";
        CPPUNIT_ASSERT(read("product", draft, {{"product", "surgical_guide"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.shade);
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.shadeGuide);
    }

    void testTeeth()
    {
        CaseRecord draft = withProduct("zirconia_crown");
        const StepErrors errors = read("teeth", draft,
                                       {{"numbering", "universal"},
                                        {"tooth-11", "crown"},
                                        {"tooth-12", "none"},
                                        {"tooth-21", "golden"}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.toothState"), errorKey(errors, "tooth-21"));
        CPPUNIT_ASSERT_EQUAL(std::string("universal"), draft.numbering);
        CPPUNIT_ASSERT_EQUAL(std::string("crown"), decodeSelection(draft.teeth).at(11));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), decodeSelection(draft.teeth).size());
        // Only the two numberings are taken.
        CPPUNIT_ASSERT(read("teeth", draft, {{"numbering", "palmer"}, {"tooth-11", "crown"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("universal"), draft.numbering);
    }

    void testArches()
    {
        CaseRecord draft = withProduct("clear_aligners");
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.arches"), errorKey(read("teeth", draft, {}), "arches"));
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.arches"),
                             errorKey(read("teeth", draft, {{"arches", "middle"}}), "arches"));
        CPPUNIT_ASSERT(read("teeth", draft, {{"arches", "both"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("both"), draft.arches);
        // A crown's teeth need no arches.
        draft = withProduct("zirconia_crown");
        CPPUNIT_ASSERT(read("teeth", draft, {{"tooth-36", "crown"}}).empty());
    }

    void testShade()
    {
        CaseRecord draft = withProduct("zirconia_crown");
        for (const char* refused : {"", "A2", "classical:", "classical:Z9", "3d-master:A2", "vita:A2"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(refused, std::string("cases.error.shade"),
                                         errorKey(read("shade", draft, {{"shade", refused}}), "shade"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), draft.shade);
        CPPUNIT_ASSERT(read("shade", draft, {{"shade", "3d-master:2M2"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("3d-master"), draft.shadeGuide);
        CPPUNIT_ASSERT_EQUAL(std::string("2M2"), draft.shade);
    }

    void testProductFields()
    {
        CaseRecord draft = withProduct("zirconia_crown"); // margin (required), printed_model, notes
        StepErrors errors = read("fields", draft, {{"field-notes", "  distal contact light  "}});
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.required"), errorKey(errors, "field-margin"));
        CPPUNIT_ASSERT_EQUAL(std::string("false"), draft.fields.at("printed_model"));
        CPPUNIT_ASSERT_EQUAL(std::string("distal contact light"), draft.fields.at("notes"));
        errors = read("fields", draft, {{"field-margin", "bevel"}});
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.choice"), errorKey(errors, "field-margin"));
        CPPUNIT_ASSERT(
            read("fields", draft, {{"field-margin", "shoulder"}, {"field-printed_model", "on"}}).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("true"), draft.fields.at("printed_model"));
        CPPUNIT_ASSERT_EQUAL(std::string("shoulder"), draft.fields.at("margin"));
    }

    void testConfirm()
    {
        CaseRecord draft = withProduct("zirconia_crown");
        StepErrors errors = read("confirm", draft, {{"truthful", "yes"}});
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.privacy"), errorKey(errors, "privacy"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), errorKey(errors, "truthful"));
        CPPUNIT_ASSERT(!draft.confirmed);
        errors = read("confirm", draft, {{"privacy", "yes"}, {"truthful", "on"}});
        CPPUNIT_ASSERT_EQUAL(std::string("cases.error.truthful"), errorKey(errors, "truthful"));
        CPPUNIT_ASSERT(read("confirm", draft, {{"privacy", "yes"}, {"truthful", "yes"}}).empty());
        CPPUNIT_ASSERT(draft.confirmed);
    }

    void testStepsAfterTheProductNeedOne()
    {
        for (const char* step : {"teeth", "shade", "fields", "files", "confirm"}) {
            CaseRecord draft = blank();
            try {
                read(step, draft, {{"truthful", "yes"}, {"privacy", "yes"}});
                CPPUNIT_FAIL(std::string(step) + " read without a product");
            } catch (const CaseRefusal& refusal) {
                CPPUNIT_ASSERT_EQUAL(409, refusal.status());
                CPPUNIT_ASSERT_EQUAL(std::string("cases.missing.product"), refusal.key());
            }
        }
        CaseRecord draft = blank();
        try {
            read("payment", draft, {});
            CPPUNIT_FAIL("a step that does not exist");
        } catch (const CaseRefusal& refusal) {
            CPPUNIT_ASSERT_EQUAL(404, refusal.status());
        }
    }

    void testPageFrame()
    {
        // A new case: the form posts to /cases/new and no step links anywhere yet.
        sdk::Value data = view("details", blank());
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/new"), data.getString("action"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), data.getString("backHref"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), data["steps"].asArray().front().getString("href"));

        CaseRecord draft = withProduct("zirconia_crown");
        draft.id = 42;
        draft.patientRef = "P-9";
        data = view("shade", draft);
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/42/edit/shade"), data.getString("action"));
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/42"), data.getString("caseHref"));
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/42/edit/teeth"), data.getString("backHref"));
        CPPUNIT_ASSERT_EQUAL(std::string("Zirconia crown"), data.getString("productName"));
        CPPUNIT_ASSERT_EQUAL(std::string("P-9"), data.getString("patientRefShown"));
        const auto& steps = data["steps"].asArray();
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), steps.size());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.step.shade"), steps[3].getString("label"));
        CPPUNIT_ASSERT(steps[3].get("current").asBool());
        CPPUNIT_ASSERT(!steps[2].get("current").asBool());
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/42/edit/files"), steps[5].getString("href"));
        CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(data["guides"].size()));

        // Files need a product first.
        draft.product.clear();
        data = view("details", draft);
        CPPUNIT_ASSERT_EQUAL(std::string(""), data["steps"].asArray()[5].getString("href"));
    }

    void testDetailsPageKeepsWhatWasTyped()
    {
        _clinics.push_back({8, 3, "Harbour", ""});
        CaseRecord draft = blank();
        draft.patientRef = "P-stored";
        draft.clinicId = 8;
        sdk::Value data = view("details", draft, sdk::Value::object({{"patientRef", "typed <ref>"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("typed <ref>"), data.getString("patientRef"));
        CPPUNIT_ASSERT(data.get("chooseClinic").asBool());
        CPPUNIT_ASSERT(!data.get("askPatientName").asBool());
        const auto& clinics = data["clinics"].asArray();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), clinics.size());
        CPPUNIT_ASSERT(clinics[1].get("selected").asBool());
        CPPUNIT_ASSERT(!clinics[0].get("selected").asBool());
        data = view("details", draft);
        CPPUNIT_ASSERT_EQUAL(std::string("P-stored"), data.getString("patientRef"));
    }

    void testTeethPageNumbering()
    {
        CaseRecord draft = withProduct("zirconia_crown");
        draft.id = 5;
        draft.teeth = encodeSelection({{11, "crown"}});
        sdk::Value data = view("teeth", draft);
        CPPUNIT_ASSERT_EQUAL(std::string("fdi"), data.getString("numbering"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), data["upper"].asArray().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), data["lower"].asArray().size());
        const sdk::Value* eleven = nullptr;
        for (const auto& tooth : data["upper"].asArray())
            if (tooth.getInt("fdi") == 11)
                eleven = &tooth;
        CPPUNIT_ASSERT(eleven);
        CPPUNIT_ASSERT_EQUAL(std::string("11"), eleven->getString("label"));
        CPPUNIT_ASSERT(eleven->get("marked").asBool());
        // The address asks for Universal numbering before the draft is saved with it.
        data = view("teeth", draft, sdk::Value::object(), {{"numbering", "universal"}});
        CPPUNIT_ASSERT(data.get("universal").asBool());
        for (const auto& tooth : data["upper"].asArray())
            if (tooth.getInt("fdi") == 11)
                CPPUNIT_ASSERT_EQUAL(std::string("8"), tooth.getString("label"));
        CPPUNIT_ASSERT(!data.get("arches").asBool());
    }

    void testFilesPageShowsOnlyFileRefusals()
    {
        CaseRecord draft = withProduct("clear_aligners");
        draft.id = 9;
        CaseFile scan;
        scan.originalName = "upper.stl";
        scan.slot = "upper_scan";
        _files = {scan};
        sdk::Value data =
            view("files", draft, sdk::Value::object(), {{"uploadError", "cases.file.error.tooLarge"}});
        CPPUNIT_ASSERT_EQUAL(std::string("cases.file.error.tooLarge"), data.getString("uploadError"));
        CPPUNIT_ASSERT_EQUAL(std::string("/cases/9/files?return=wizard"), data.getString("uploadAction"));
        CPPUNIT_ASSERT(data.get("aligner").asBool());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.slot.upper_scan"),
                             data["files"].asArray()[0].getString("slotLabel"));
        data = view("files", draft, sdk::Value::object(), {{"uploadError", "accounts.error.whatever"}});
        CPPUNIT_ASSERT_EQUAL(std::string(""), data.getString("uploadError"));
    }

    void testConfirmPageLinksThePolicy()
    {
        CaseRecord draft = withProduct("zirconia_crown");
        draft.id = 3;
        CPPUNIT_ASSERT_EQUAL(std::string("/privacy"), view("confirm", draft).getString("privacyHref"));
        _settings.privacyUrl = "https://lab.example/privacy";
        CPPUNIT_ASSERT_EQUAL(_settings.privacyUrl, view("confirm", draft).getString("privacyHref"));
    }

private:
    CaseRecord blank() const
    {
        CaseRecord record;
        record.organizationId = 3;
        return record;
    }

    CaseRecord withProduct(const std::string& product) const
    {
        CaseRecord record = blank();
        record.product = product;
        return record;
    }

    StepErrors read(const std::string& step, CaseRecord& record, std::map<std::string, std::string> form)
    {
        return _steps->read(step, StepInput{fields(std::move(form)), fields({}), _words}, record);
    }

    sdk::Value view(const std::string& step, const CaseRecord& record,
                    const sdk::Value& typed = sdk::Value::object(),
                    std::map<std::string, std::string> query = {})
    {
        return _steps->view(step, StepInput{fields({}), fields(std::move(query)), _words}, record, typed);
    }

    std::unique_ptr<ShippedCatalog> _shipped;
    CaseSettings _settings;
    KeyWords _words;
    std::vector<sdk::ClinicInfo> _clinics;
    std::vector<CaseFile> _files;
    std::unique_ptr<WizardSteps> _steps;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WizardStepsTest);
