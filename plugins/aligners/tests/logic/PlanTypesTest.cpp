// The plan types read from config: the shipped config/aligners.properties read whole
// (every key read, the FAQ's defaults), and each kind of bad value refused naming its key.
#include "rules/PlanTypes.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/MapConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <vector>

using namespace molar;
using namespace molar::aligners;

namespace {

const std::string kSubtree = "aligners";

// The shipped config/aligners.properties, as the subtree the plugin reads.
std::map<std::string, std::string> shipped()
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration(
        std::string(MOLAR_SOURCE_DIR) + "/plugins/aligners/config/aligners.properties"));
    std::map<std::string, std::string> values;
    std::vector<std::string> pending{kSubtree};
    while (!pending.empty()) {
        const std::string prefix = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys keys;
        file->keys(prefix, keys);
        for (const auto& key : keys) {
            const std::string full = prefix + "." + key;
            if (file->hasProperty(full))
                values[full.substr(kSubtree.size() + 1)] = file->getRawString(full);
            pending.push_back(full);
        }
    }
    return values;
}

std::map<std::string, std::string> with(std::map<std::string, std::string> changes)
{
    auto values = shipped();
    for (const auto& [key, value] : changes)
        values[key] = value;
    return values;
}

std::map<std::string, std::string> without(const std::string& key)
{
    auto values = shipped();
    values.erase(key);
    return values;
}

// The key a refusal names, relative to the subtree whichever way it was spelled
// ("accepted" when the values read fine).
std::string refusedKey(const std::map<std::string, std::string>& values)
{
    sdk::testing::MapConfig config(values, kSubtree);
    try {
        readPlanTypes(config);
    } catch (const sdk::ConfigError& error) {
        const std::string prefix = kSubtree + ".";
        return error.key().compare(0, prefix.size(), prefix) == 0 ? error.key().substr(prefix.size())
                                                                  : error.key();
    }
    return "accepted";
}

} // namespace

class PlanTypesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PlanTypesTest);
    CPPUNIT_TEST(shippedFileIsReadWhole);
    CPPUNIT_TEST(shippedDefaultsAreTheFaqs);
    CPPUNIT_TEST(optionalKeysHaveDefaults);
    CPPUNIT_TEST(coversAndPriceFor);
    CPPUNIT_TEST(unknownCurrencyRefused);
    CPPUNIT_TEST(badAmountsRefused);
    CPPUNIT_TEST(badNumbersAndChoicesRefused);
    CPPUNIT_TEST(typeConfiguredButNotListedRefused);
    CPPUNIT_TEST(listedTypeWithoutNameRefused);
    CPPUNIT_TEST(upgradePathRefusals);
    CPPUNIT_TEST(duplicatesRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void shippedFileIsReadWhole()
    {
        const auto values = shipped();
        // Six types of eight keys, currency, planTypes, upgradePath, two replacement keys
        // and share.days: the file was found and read.
        CPPUNIT_ASSERT_EQUAL(std::size_t(6 * 8 + 6), values.size());
        sdk::testing::MapConfig config(values, kSubtree);
        readPlanTypes(config);
        // share.days belongs to the plugin's settings, not to the plan types.
        const auto unread = config.unreadKeys();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), unread.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aligners.share.days"), unread.front());
    }

    void shippedDefaultsAreTheFaqs()
    {
        sdk::testing::MapConfig config(shipped(), kSubtree);
        const auto types = readPlanTypes(config);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), types.currency);
        const std::vector<std::string> order{"UNLIMITED", "FLEX", "MINI", "ONE", "TWO", "THREE"};
        CPPUNIT_ASSERT_EQUAL(order.size(), types.types.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(order[i], types.types[i].code);
        const std::vector<std::string> path{"MINI", "ONE", "TWO", "THREE", "UNLIMITED"};
        CPPUNIT_ASSERT(path == types.upgradePath);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000), types.replacementAlignerPriceMinor);
        CPPUNIT_ASSERT_EQUAL(8, types.maxReplacementStepsPerArch);

        const PlanType* unlimited = types.find("UNLIMITED");
        CPPUNIT_ASSERT(unlimited);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(790000), unlimited->priceMinor);
        CPPUNIT_ASSERT_EQUAL(60, unlimited->expiryMonths);
        CPPUNIT_ASSERT(!unlimited->replacementsCharged);
        CPPUNIT_ASSERT_EQUAL(45, unlimited->replacementIntervalDays);
        CPPUNIT_ASSERT_EQUAL(99, unlimited->revisions);

        const PlanType* flex = types.find("FLEX");
        CPPUNIT_ASSERT(flex);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), flex->priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(18000), flex->alignerPriceMinor);
        CPPUNIT_ASSERT_EQUAL(0, flex->expiryMonths);
        CPPUNIT_ASSERT(flex->replacementsCharged);

        const PlanType* mini = types.find("MINI");
        CPPUNIT_ASSERT(mini);
        CPPUNIT_ASSERT_EQUAL(14, mini->maxSteps);
        CPPUNIT_ASSERT_EQUAL(12, mini->expiryMonths);

        CPPUNIT_ASSERT_EQUAL(12, types.find("ONE")->expiryMonths);
        CPPUNIT_ASSERT_EQUAL(24, types.find("TWO")->expiryMonths);
        CPPUNIT_ASSERT_EQUAL(36, types.find("THREE")->expiryMonths);
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), types.find("TWO")->name);
        CPPUNIT_ASSERT_EQUAL(2, types.find("TWO")->revisions);
        CPPUNIT_ASSERT_EQUAL(0, types.find("TWO")->replacementIntervalDays);
        CPPUNIT_ASSERT(!types.find("FOUR"));
    }

    void optionalKeysHaveDefaults()
    {
        sdk::testing::MapConfig config({{"currency", "KWD"},
                                        {"planTypes", "ONE"},
                                        {"planType.ONE.name", "One year"},
                                        {"planType.ONE.price", "100.125"},
                                        {"planType.ONE.alignerPrice", "0"},
                                        {"replacement.alignerPrice", "5"}},
                                       kSubtree);
        const auto types = readPlanTypes(config);
        const PlanType& one = types.types.at(0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100125), one.priceMinor); // KWD has three decimals
        CPPUNIT_ASSERT_EQUAL(0, one.maxSteps);
        CPPUNIT_ASSERT_EQUAL(0, one.expiryMonths);
        CPPUNIT_ASSERT(one.replacementsCharged);
        CPPUNIT_ASSERT(types.upgradePath.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), types.replacementAlignerPriceMinor);
        CPPUNIT_ASSERT_EQUAL(8, types.maxReplacementStepsPerArch);
    }

    void coversAndPriceFor()
    {
        sdk::testing::MapConfig config(shipped(), kSubtree);
        const auto types = readPlanTypes(config);
        const PlanType& mini = *types.find("MINI");
        CPPUNIT_ASSERT(mini.covers(14, 14));
        CPPUNIT_ASSERT(!mini.covers(15, 3));
        CPPUNIT_ASSERT(!mini.covers(3, 15));
        CPPUNIT_ASSERT(types.find("ONE")->covers(200, 200));
        // FLEX: 0 upfront + 180.00 x (20 + 18) aligners.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(38 * 18000), types.find("FLEX")->priceFor(20, 18));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(480000), types.find("ONE")->priceFor(20, 18));
    }

    void unknownCurrencyRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("currency"), refusedKey(with({{"currency", "qar"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("currency"), refusedKey(with({{"currency", "Riyal"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("currency"), refusedKey(without("currency")));
        // JPY has no decimals: the shipped "7900.00" is now a bad amount, named.
        CPPUNIT_ASSERT_EQUAL(std::string("planType.UNLIMITED.price"),
                             refusedKey(with({{"currency", "JPY"}})));
    }

    void badAmountsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.price"),
                             refusedKey(with({{"planType.ONE.price", "-1"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.price"),
                             refusedKey(with({{"planType.ONE.price", "4800.001"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.price"),
                             refusedKey(with({{"planType.ONE.price", "four thousand"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.price"), refusedKey(without("planType.ONE.price")));
        // The ceiling: ten million in the major unit is the most, a cent more is refused.
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"),
                             refusedKey(with({{"planType.ONE.price", "10000000.00"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.price"),
                             refusedKey(with({{"planType.ONE.price", "10000000.01"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.FLEX.alignerPrice"),
                             refusedKey(with({{"planType.FLEX.alignerPrice", "95,00"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("replacement.alignerPrice"),
                             refusedKey(with({{"replacement.alignerPrice", "+95"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("replacement.alignerPrice"),
                             refusedKey(without("replacement.alignerPrice")));
    }

    void badNumbersAndChoicesRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("planType.MINI.maxSteps"),
                             refusedKey(with({{"planType.MINI.maxSteps", "-1"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.MINI.maxSteps"),
                             refusedKey(with({{"planType.MINI.maxSteps", "201"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.expiryMonths"),
                             refusedKey(with({{"planType.ONE.expiryMonths", "twelve"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.expiryMonths"),
                             refusedKey(with({{"planType.ONE.expiryMonths", "241"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.revisions"),
                             refusedKey(with({{"planType.ONE.revisions", "100"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.ONE.replacement"),
                             refusedKey(with({{"planType.ONE.replacement", "gratis"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.UNLIMITED.replacementIntervalDays"),
                             refusedKey(with({{"planType.UNLIMITED.replacementIntervalDays", "-45"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("replacement.maxStepsPerArch"),
                             refusedKey(with({{"replacement.maxStepsPerArch", "0"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("replacement.maxStepsPerArch"),
                             refusedKey(with({{"replacement.maxStepsPerArch", "51"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"),
                             refusedKey(with({{"replacement.maxStepsPerArch", "50"}})));
    }

    void typeConfiguredButNotListedRefused()
    {
        // FOUR has keys but is not offered: a typo in the list or in the keys.
        CPPUNIT_ASSERT_EQUAL(std::string("planType.FOUR.name"),
                             refusedKey(with({{"planType.FOUR.name", "FOUR"}})));
        // THREE dropped from the list while its keys stay.
        const std::string refused =
            refusedKey(with({{"planTypes", "UNLIMITED, FLEX, MINI, ONE, TWO"}, {"upgradePath", "ONE, TWO"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.THREE."), refused.substr(0, 15));
        CPPUNIT_ASSERT_EQUAL(std::string("planTypes"), refusedKey(with({{"planTypes", " , "}})));
    }

    void listedTypeWithoutNameRefused()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string("planType.FOUR.name"),
            refusedKey(with({{"planTypes", "UNLIMITED, FLEX, MINI, ONE, TWO, THREE, FOUR"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("planType.TWO.name"),
                             refusedKey(with({{"planType.TWO.name", "  "}})));
    }

    void upgradePathRefusals()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("upgradePath"),
                             refusedKey(with({{"upgradePath", "ONE, TWO, FOUR"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("upgradePath"), refusedKey(with({{"upgradePath", "one, TWO"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("upgradePath"),
                             refusedKey(with({{"upgradePath", "ONE, TWO, ONE"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusedKey(with({{"upgradePath", "TWO, THREE"}})));
    }

    void duplicatesRefused()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string("planTypes"),
            refusedKey(with({{"planTypes", "UNLIMITED, FLEX, MINI, ONE, TWO, THREE, ONE"}})));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanTypesTest);
