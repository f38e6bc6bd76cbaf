// Saved payment methods on both databases: a setup sends the payer to the provider
// with the setup's id in the return address; the method comes back once (the payer's
// return, the provider's event five times over, or both); the first is the default,
// removing the default makes the newest remaining one the default; another
// organization can neither see, change, remove nor charge a method.
#include "Assertions.h"
#include "CardFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace molar;
using sdk::PaymentEventKind;
using test::CardFixture;

namespace {

sdk::PaymentEvent methodSaved(const std::string& eventId, const std::string& key, const std::string& setupId,
                              const std::string& pm)
{
    sdk::PaymentEvent e;
    e.providerEventId = eventId;
    e.kind = PaymentEventKind::MethodSaved;
    e.idempotencyKey = key;
    e.providerPaymentId = setupId;
    e.method = {pm, "mastercard", "4444", 3, 2031};
    return e;
}

const sdk::Actor OWNER{11, "Dr Lina Haddad", "203.0.113.9"};

} // namespace

class SavedMethodsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SavedMethodsTest);
    CPPUNIT_TEST(testSetupSendsThePayerWithItsId);
    CPPUNIT_TEST(testMethodsLifecycle);
    CPPUNIT_TEST(testSameSavedEventFiveTimesStoresOneMethod);
    CPPUNIT_TEST(testEventFindsItsSetupByTheProvidersId);
    CPPUNIT_TEST(testAnotherOrganizationCannotUseAMethod);
    CPPUNIT_TEST(testProviderThatCannotSaveIsRefused);
    CPPUNIT_TEST(testMethodsSavedAtOnceHaveOneDefault);
    CPPUNIT_TEST(testChangesAtOnceKeepOneDefault);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _f = std::make_unique<CardFixture>(); }
    void tearDown() override { _f.reset(); }

    void testSetupSendsThePayerWithItsId()
    {
        const auto setup = _f->service.startSavingMethod(
            7, "cards", "https://lab.example/saved?setup={SETUP_ID}", "https://lab.example/methods", "ar");
        CPPUNIT_ASSERT_EQUAL(std::string("ps_"), setup.id.substr(0, 3));
        CPPUNIT_ASSERT_EQUAL(std::size_t(35), setup.id.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), setup.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::string("cards"), setup.provider);
        CPPUNIT_ASSERT_EQUAL(std::string("https://cards.example/setup/") + _f->providerSetupOf(setup.id),
                             setup.redirectUrl);
        const auto& asked = _f->cards->saveRequests.at(0);
        CPPUNIT_ASSERT_EQUAL(setup.id, asked.idempotencyKey);
        CPPUNIT_ASSERT_EQUAL(std::string("7"), asked.customerId);
        CPPUNIT_ASSERT_EQUAL("https://lab.example/saved?setup=" + setup.id, asked.returnUrl);
        CPPUNIT_ASSERT_EQUAL(std::string("https://lab.example/methods"), asked.cancelUrl);
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), asked.language);
        // The payer has not finished: nothing saved, nothing published.
        CPPUNIT_ASSERT(!_f->service.finishSavingMethod(7, setup.id));
        CPPUNIT_ASSERT(_f->service.savedMethods(7).empty());
        CPPUNIT_ASSERT(_f->published("payment.method_saved").empty());
        CPPUNIT_ASSERT(_f->service.startSavingMethod(7, "cards", "https://a", "https://b", "").id !=
                       setup.id);
    }

    void testMethodsLifecycle()
    {
        const auto first = _f->saveMethod(7, "pm_1", "visa", "4242");
        CPPUNIT_ASSERT(first.isDefault);
        CPPUNIT_ASSERT_EQUAL(std::string("cards"), first.provider);
        CPPUNIT_ASSERT_EQUAL(std::string("pm_1"), first.method.providerMethodId);
        CPPUNIT_ASSERT_EQUAL(std::string("4242"), first.method.last4);
        CPPUNIT_ASSERT_EQUAL(12, first.method.expMonth);
        CPPUNIT_ASSERT_EQUAL(2030, first.method.expYear);
        const auto payloads = _f->published("payment.method_saved");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), payloads.size());
        const auto& p = payloads[0];
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), p.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(std::string("cards"), p.getString("provider"));
        CPPUNIT_ASSERT_EQUAL(first.id, p.getInt("methodId"));
        CPPUNIT_ASSERT_EQUAL(std::string("visa"), p.getString("brand"));
        CPPUNIT_ASSERT_EQUAL(std::string("4242"), p.getString("last4"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12), p.getInt("expMonth"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2030), p.getInt("expYear"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), p.asObject().size()); // never more

        _f->clock.advance(std::chrono::seconds(10));
        const auto second = _f->saveMethod(7, "pm_2", "mastercard", "4444");
        CPPUNIT_ASSERT(!second.isDefault);
        _f->clock.advance(std::chrono::seconds(10));
        const auto third = _f->saveMethod(7, "pm_3", "amex", "0005");
        auto methods = _f->service.savedMethods(7);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), methods.size());
        // The default first, then the newest.
        CPPUNIT_ASSERT_EQUAL(first.id, methods[0].id);
        CPPUNIT_ASSERT_EQUAL(third.id, methods[1].id);
        CPPUNIT_ASSERT_EQUAL(second.id, methods[2].id);

        CPPUNIT_ASSERT(_f->service.makeDefaultMethod(7, second.id, OWNER));
        CPPUNIT_ASSERT_EQUAL(second.id, _f->service.defaultMethod(7)->id);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->count("SELECT COUNT(*) FROM molar_payment_methods WHERE is_default = 1"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_audit WHERE action ="
                                                        " 'payment.method_default' AND actor_user_id = 11"));

        // Removing the default: forgotten at the provider, and the newest remaining one is the default.
        CPPUNIT_ASSERT(_f->service.removeMethod(7, second.id, OWNER));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->cards->removed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pm_2"), _f->cards->removed[0]);
        CPPUNIT_ASSERT_EQUAL(third.id, _f->service.defaultMethod(7)->id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _f->service.savedMethods(7).size());
        CPPUNIT_ASSERT(!_f->service.removeMethod(7, second.id, OWNER)); // gone already
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->cards->removed.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_audit WHERE action ="
                                                        " 'payment.method_removed' AND actor_user_id = 11"));

        // Removing one that is not the default leaves the default.
        CPPUNIT_ASSERT(_f->service.removeMethod(7, first.id, OWNER));
        CPPUNIT_ASSERT_EQUAL(third.id, _f->service.defaultMethod(7)->id);
        CPPUNIT_ASSERT(_f->service.removeMethod(7, third.id, OWNER));
        CPPUNIT_ASSERT(!_f->service.defaultMethod(7));
        CPPUNIT_ASSERT(_f->service.savedMethods(7).empty());

        // A method saved again after its removal is back, and the default again.
        const auto back = _f->saveMethod(7, "pm_1");
        CPPUNIT_ASSERT_EQUAL(first.id, back.id);
        CPPUNIT_ASSERT(back.isDefault);
    }

    void testSameSavedEventFiveTimesStoresOneMethod()
    {
        const auto setup = _f->service.startSavingMethod(7, "cards", "https://lab.example/s?setup={SETUP_ID}",
                                                         "https://lab.example/m", "en");
        const auto event = methodSaved("evt_1", setup.id, _f->providerSetupOf(setup.id), "pm_9");
        CPPUNIT_ASSERT(_f->service.record("cards", event));
        for (int i = 0; i < 4; ++i)
            CPPUNIT_ASSERT(!_f->service.record("cards", event));
        // Another event of the same setup (a provider reporting it twice) and the payer's return add nothing.
        CPPUNIT_ASSERT(_f->service.record("cards", methodSaved("evt_2", setup.id, "", "pm_9")));
        _f->cards->completeSetup(_f->providerSetupOf(setup.id), event.method);
        const auto back = _f->service.finishSavingMethod(7, setup.id);
        CPPUNIT_ASSERT(back);
        CPPUNIT_ASSERT_EQUAL(0, _f->cards->methodFetches); // the setup is saved: the provider is not asked

        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_payment_methods"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _f->published("payment.method_saved").size());
        CPPUNIT_ASSERT_EQUAL(std::string("4444"), back->method.last4);
        CPPUNIT_ASSERT(back->isDefault);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            _f->count("SELECT COUNT(*) FROM molar_audit WHERE action = 'payment.method_saved'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE"
                                                        " outcome = 'applied'"));
    }

    void testEventFindsItsSetupByTheProvidersId()
    {
        const auto setup =
            _f->service.startSavingMethod(7, "cards", "https://a/{SETUP_ID}", "https://b", "en");
        const std::string providerSetup = _f->providerSetupOf(setup.id);
        // Another provider naming the setup: never stored.
        CPPUNIT_ASSERT(_f->service.record("tests", methodSaved("evt_0", setup.id, providerSetup, "pm_x")));
        // A setup nobody started: kept in the inbox, nothing stored.
        CPPUNIT_ASSERT(
            _f->service.record("cards", methodSaved("evt_1", "ps_nothing", "seti_nothing", "pm_y")));
        CPPUNIT_ASSERT(_f->service.savedMethods(7).empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), _f->count("SELECT COUNT(*) FROM molar_payment_events WHERE"
                                                        " outcome = 'unmatched'"));
        // Without the setup id, by the provider's own id of the setup.
        CPPUNIT_ASSERT(_f->service.record("cards", methodSaved("evt_2", "", providerSetup, "pm_z")));
        const auto methods = _f->service.savedMethods(7);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), methods.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pm_z"), methods[0].method.providerMethodId);
    }

    void testAnotherOrganizationCannotUseAMethod()
    {
        const auto setup =
            _f->service.startSavingMethod(7, "cards", "https://a/{SETUP_ID}", "https://b", "en");
        _f->cards->completeSetup(_f->providerSetupOf(setup.id), {"pm_ok", "visa", "4242", 1, 2030});
        // Organization 8 comes back with organization 7's setup id: nothing, and nothing stored.
        CPPUNIT_ASSERT(!_f->service.finishSavingMethod(8, setup.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("SELECT COUNT(*) FROM molar_payment_methods"));
        const auto method = _f->service.finishSavingMethod(7, setup.id).value();

        CPPUNIT_ASSERT(_f->service.savedMethods(8).empty());
        CPPUNIT_ASSERT(!_f->service.defaultMethod(8));
        CPPUNIT_ASSERT(!_f->service.makeDefaultMethod(8, method.id, OWNER));
        CPPUNIT_ASSERT(!_f->service.removeMethod(8, method.id, OWNER));
        CPPUNIT_ASSERT(_f->cards->removed.empty());
        CPPUNIT_ASSERT(_f->service.defaultMethod(7));

        // Organization 8's attempt cannot be charged to organization 7's card.
        const auto theirs = _f->beginFor(8, 5000);
        CPPUNIT_ASSERT_THROW(_f->service.chargeSavedMethod(theirs.id, method.id, false),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->service.chargeSavedMethod(theirs.id, method.id, true),
                             std::invalid_argument);
        // Nor an attempt of another provider, even of organization 7.
        const auto other = _f->beginFor(7, 5000, "tests");
        CPPUNIT_ASSERT_THROW(_f->service.chargeSavedMethod(other.id, method.id, false),
                             std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(0, _f->cards->offSessionCharges + _f->cards->authorizations);
        CPPUNIT_ASSERT(_f->attempt(theirs.id).state == sdk::PaymentState::Pending);
    }

    void testProviderThatCannotSaveIsRefused()
    {
        CPPUNIT_ASSERT_THROW(_f->service.startSavingMethod(7, "tests", "https://a", "https://b", "en"),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_f->service.startSavingMethod(7, "nobody", "https://a", "https://b", "en"),
                             std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("SELECT COUNT(*) FROM molar_payment_setups"));
    }

    void testMethodsSavedAtOnceHaveOneDefault()
    {
        // Six payers of one organization back at once, and each method's event at the same time.
        std::vector<std::string> setups;
        for (int i = 0; i < 6; ++i) {
            setups.push_back(
                _f->service.startSavingMethod(7, "cards", "https://a/{SETUP_ID}", "https://b", "en").id);
            _f->cards->completeSetup(_f->providerSetupOf(setups.back()),
                                     {"pm_" + std::to_string(i), "visa", "424" + std::to_string(i), 1, 2031});
        }
        std::atomic<int> errors{0};
        std::mutex mutex;
        std::string why;
        std::vector<std::thread> threads;
        for (int i = 0; i < 6; ++i) {
            threads.emplace_back([&, i] {
                try {
                    _f->service.finishSavingMethod(7, setups[i]);
                } catch (const std::exception& e) {
                    ++errors;
                    std::lock_guard<std::mutex> lock(mutex);
                    why += std::string(e.what()) + "\n";
                }
            });
            threads.emplace_back([&, i] {
                try {
                    _f->service.record("cards", methodSaved("evt_" + std::to_string(i), setups[i], "",
                                                            "pm_" + std::to_string(i)));
                } catch (const std::exception& e) {
                    ++errors;
                    std::lock_guard<std::mutex> lock(mutex);
                    why += std::string(e.what()) + "\n";
                }
            });
        }
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(why, 0, errors.load());
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), _f->service.savedMethods(7).size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->count("SELECT COUNT(*) FROM molar_payment_methods WHERE is_default = 1"));
        CPPUNIT_ASSERT(_f->service.savedMethods(7).front().isDefault);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), _f->published("payment.method_saved").size());
    }

    void testChangesAtOnceKeepOneDefault()
    {
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 5; ++i)
            ids.push_back(_f->saveMethod(7, "pm_" + std::to_string(i)).id);
        std::atomic<int> errors{0};
        std::vector<std::thread> threads;
        // The owner and a colleague at once: two removals, three changes of default.
        for (int i = 0; i < 5; ++i)
            threads.emplace_back([&, i] {
                try {
                    if (i < 2)
                        _f->service.removeMethod(7, ids[i], OWNER);
                    else
                        _f->service.makeDefaultMethod(7, ids[i], OWNER);
                } catch (const std::exception&) {
                    ++errors;
                }
            });
        for (auto& t : threads)
            t.join();
        CPPUNIT_ASSERT_EQUAL(0, errors.load());
        const auto methods = _f->service.savedMethods(7);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), methods.size());
        CPPUNIT_ASSERT(methods.front().isDefault);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             _f->count("SELECT COUNT(*) FROM molar_payment_methods WHERE is_default = 1"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), _f->count("SELECT COUNT(*) FROM molar_payment_methods WHERE"
                                                        " is_default = 1 AND removed_at IS NOT NULL"));
    }

private:
    std::unique_ptr<CardFixture> _f;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SavedMethodsTest);
