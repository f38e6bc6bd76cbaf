// The credits plugin's configuration: the shipped packs, what start-up refuses (naming
// the key), a pack's price for an organization with a custom discount, in integers.
#include "CreditsSettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/MapConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>

using molar::credits::CreditsSettings;
using molar::credits::Pack;
using molar::credits::readCreditsSettings;
using molar::sdk::testing::MapConfig;

namespace {

// The shipped config/credits.properties, as the subtree the plugin reads.
std::map<std::string, std::string> shipped()
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration(
        std::string(MOLAR_SOURCE_DIR) + "/plugins/credits/config/credits.properties"));
    std::map<std::string, std::string> values;
    std::vector<std::string> pending{"credits"};
    while (!pending.empty()) {
        const std::string prefix = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys keys;
        file->keys(prefix, keys);
        for (const auto& key : keys) {
            const std::string full = prefix + "." + key;
            if (file->hasProperty(full))
                values[full.substr(std::string("credits.").size())] = file->getRawString(full);
            pending.push_back(full);
        }
    }
    return values;
}

std::map<std::string, std::string> minimal()
{
    return {{"packs", "small"},
            {"pack.small.name", "Small"},
            {"pack.small.credits", "100.00"},
            {"pack.small.price", "90.00"}};
}

// The key of the ConfigError that reading `values` throws ("" when it reads fine).
std::string refusedKey(const std::map<std::string, std::string>& values)
{
    MapConfig config(values, "credits");
    try {
        readCreditsSettings(config);
    } catch (const molar::sdk::ConfigError& e) {
        // MapConfig names its own refusals in full, the plugin's relative to the subtree.
        return e.key().rfind("credits.", 0) == 0 ? e.key().substr(8) : e.key();
    }
    return "";
}

Pack pack(std::int64_t credits, std::int64_t price)
{
    Pack p;
    p.code = "p";
    p.name = "P";
    p.creditsMinor = credits;
    p.priceMinor = price;
    return p;
}

} // namespace

class CreditsSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CreditsSettingsTest);
    CPPUNIT_TEST(testShippedPacks);
    CPPUNIT_TEST(testEveryShippedKeyIsRead);
    CPPUNIT_TEST(testRefusals);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testPackDiscount);
    CPPUNIT_TEST(testPriceForDiscounts);
    CPPUNIT_TEST(testPriceRoundsHalfUp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShippedPacks()
    {
        MapConfig config(shipped(), "credits");
        const CreditsSettings s = readCreditsSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), s.currency);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), s.packs.size());
        const struct
        {
            const char* code;
            const char* name;
            std::int64_t credits, price;
            bool popular;
            int discountBp;
        } expected[] = {{"starter", "Starter", 1000000, 950000, false, 500},
                        {"growth", "Growth", 2000000, 1800000, false, 1000},
                        {"practice", "Practice", 3000000, 2640000, true, 1200},
                        {"group", "Group", 5000000, 4250000, false, 1500}};
        for (std::size_t i = 0; i < 4; ++i) {
            const Pack& p = s.packs[i];
            CPPUNIT_ASSERT_EQUAL(std::string(expected[i].code), p.code);
            CPPUNIT_ASSERT_EQUAL(std::string(expected[i].name), p.name);
            CPPUNIT_ASSERT_EQUAL(expected[i].credits, p.creditsMinor);
            CPPUNIT_ASSERT_EQUAL(expected[i].price, p.priceMinor);
            CPPUNIT_ASSERT_EQUAL(expected[i].popular, p.popular);
            CPPUNIT_ASSERT_EQUAL(expected[i].discountBp, p.discountBasisPoints());
            CPPUNIT_ASSERT(s.pack(expected[i].code) == &p);
        }
        CPPUNIT_ASSERT(s.pack("platinum") == nullptr);
        CPPUNIT_ASSERT(s.shippingNote.find("International shipping is quoted per case.") !=
                       std::string::npos);
        CPPUNIT_ASSERT_EQUAL(3, s.autoTopUpMaxFailures);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), s.lowBalanceDefaultMinor);
    }

    void testEveryShippedKeyIsRead()
    {
        // The host refuses to start with a key nobody read: the shipped file must have none.
        MapConfig config(shipped(), "credits");
        readCreditsSettings(config);
        CPPUNIT_ASSERT(config.unreadKeys().empty());
    }

    void testRefusals()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), refusedKey(minimal()));
        auto with = [](std::map<std::string, std::string> changes) {
            auto values = minimal();
            for (auto& [key, value] : changes)
                values[key] = value;
            return values;
        };
        CPPUNIT_ASSERT_EQUAL(std::string("currency"), refusedKey(with({{"currency", "qar"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("packs"), refusedKey(with({{"packs", ""}})));
        CPPUNIT_ASSERT_EQUAL(std::string("packs"), refusedKey(with({{"packs", "small, small"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("packs"), refusedKey(with({{"packs", "Small"}})));
        // A listed pack without its keys.
        CPPUNIT_ASSERT_EQUAL(std::string("pack.big.name"), refusedKey(with({{"packs", "small, big"}})));
        // Price above credits, zero, negative, too many decimals, words.
        CPPUNIT_ASSERT_EQUAL(std::string("pack.small.price"),
                             refusedKey(with({{"pack.small.price", "100.01"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("pack.small.price"), refusedKey(with({{"pack.small.price", "0"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("pack.small.price"), refusedKey(with({{"pack.small.price", "-5"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("pack.small.credits"),
                             refusedKey(with({{"pack.small.credits", "100.001"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("pack.small.credits"),
                             refusedKey(with({{"pack.small.credits", "lots"}})));
        // A price equal to the credits is a pack without discount: allowed.
        CPPUNIT_ASSERT_EQUAL(std::string(), refusedKey(with({{"pack.small.price", "100"}})));
        // Two popular packs.
        auto two = with({{"packs", "small, big"},
                         {"pack.small.popular", "true"},
                         {"pack.big.name", "Big"},
                         {"pack.big.credits", "200"},
                         {"pack.big.price", "150"},
                         {"pack.big.popular", "yes"}});
        CPPUNIT_ASSERT_EQUAL(std::string("pack.big.popular"), refusedKey(two));
        two["pack.big.popular"] = "false";
        CPPUNIT_ASSERT_EQUAL(std::string(), refusedKey(two));
        CPPUNIT_ASSERT_EQUAL(std::string("autoTopUp.maxFailures"),
                             refusedKey(with({{"autoTopUp.maxFailures", "0"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("lowBalanceDefault"),
                             refusedKey(with({{"lowBalanceDefault", "-1"}})));
    }

    void testDefaults()
    {
        MapConfig config(minimal(), "credits");
        const CreditsSettings s = readCreditsSettings(config);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), s.currency);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10000), s.packs.at(0).creditsMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(9000), s.packs.at(0).priceMinor);
        CPPUNIT_ASSERT(!s.packs.at(0).popular);
        CPPUNIT_ASSERT(s.shippingNote.empty());

        auto values = minimal();
        values["currency"] = "KWD"; // three decimals
        values["pack.small.credits"] = "1.250";
        values["pack.small.price"] = "1";
        values["lowBalanceDefault"] = "0.500";
        MapConfig kwd(values, "credits");
        const CreditsSettings k = readCreditsSettings(kwd);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250), k.packs.at(0).creditsMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000), k.packs.at(0).priceMinor);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(500), k.lowBalanceDefaultMinor);
    }

    void testPackDiscount()
    {
        CPPUNIT_ASSERT_EQUAL(0, pack(10000, 10000).discountBasisPoints());
        CPPUNIT_ASSERT_EQUAL(500, pack(10000, 9500).discountBasisPoints());
        // Rounded down: 1 of 3 minor units is 33.33%.
        CPPUNIT_ASSERT_EQUAL(3333, pack(3, 2).discountBasisPoints());
    }

    void testPriceForDiscounts()
    {
        CreditsSettings s;
        const Pack growth = pack(2000000, 1800000); // 10% off
        // No custom discount, or a smaller one, or an equal one: the pack's own price.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), s.priceFor(growth, 0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), s.priceFor(growth, 500));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), s.priceFor(growth, 1000));
        // A larger one wins: 12.5% off 20,000.00 is 17,500.00.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1750000), s.priceFor(growth, 1250));
        // Capped at 50%, and never below 0%.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), s.priceFor(growth, 5000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000), s.priceFor(growth, 9000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1800000), s.priceFor(growth, -300));
        // A pack whose own discount is not a whole number of basis points (33.33...%) keeps
        // its exact price against a custom 33.33%, loses to 33.34%.
        const Pack odd = pack(300, 200);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(200), s.priceFor(odd, 3333));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(200), s.priceFor(odd, 3334)); // 300 × 0.6666 = 199.98 → 200
        CPPUNIT_ASSERT_EQUAL(std::int64_t(195), s.priceFor(odd, 3500));
    }

    void testPriceRoundsHalfUp()
    {
        CreditsSettings s;
        // 1,000.05 credits at 15% off: 850.0425 → 850.04; at 10% off: 900.045 → 900.05 (half up).
        const Pack p = pack(100005, 100005);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(85004), s.priceFor(p, 1500));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(90005), s.priceFor(p, 1000));
        // The largest pack the config allows: no overflow.
        const Pack big = pack(1000000000000LL, 1000000000000LL);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(500000000000LL), s.priceFor(big, 5000));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreditsSettingsTest);
