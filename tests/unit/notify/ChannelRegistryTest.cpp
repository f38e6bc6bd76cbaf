// ChannelRegistry: an entry releases the plugin that offered a channel or a secret link
// only after the channel or the link's reveal, whose code lives in that plugin's library;
// a stopping plugin's links go, the others' stay.
#include "notify/ChannelRegistry.h"

#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <memory>
#include <optional>

using namespace molar;

namespace {

// Notes whether the plugin that made it is still alive when it is destroyed.
class ProbeChannel : public sdk::NotificationChannel
{
public:
    ProbeChannel(std::weak_ptr<int> plugin, std::shared_ptr<bool> pluginAliveAtEnd)
        : _plugin(std::move(plugin)), _pluginAliveAtEnd(std::move(pluginAliveAtEnd))
    {
    }
    ~ProbeChannel() override { *_pluginAliveAtEnd = !_plugin.expired(); }
    sdk::ChannelInfo info() const override { return {"probe", sdk::AddressKind::Email, false}; }
    std::string send(const sdk::OutgoingMessage&) override { return "id"; }

private:
    std::weak_ptr<int> _plugin;
    std::shared_ptr<bool> _pluginAliveAtEnd;
};

} // namespace

class ChannelRegistryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ChannelRegistryTest);
    CPPUNIT_TEST(testKeepAliveOutlivesTheChannel);
    CPPUNIT_TEST(testKeepAliveOutlivesTheLink);
    CPPUNIT_TEST(testRemoveOwnerDropsOnlyItsLinks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKeepAliveOutlivesTheChannel()
    {
        auto plugin = std::make_shared<int>(1);
        auto seen = std::make_shared<bool>(false);
        host::ChannelRegistry channels;
        channels.add("probe-plugin", std::make_shared<ProbeChannel>(plugin, seen), plugin);
        plugin.reset();
        channels.removeOwner("probe-plugin");
        CPPUNIT_ASSERT(*seen);
    }

    void testKeepAliveOutlivesTheLink()
    {
        auto plugin = std::make_shared<int>(1);
        auto seen = std::make_shared<bool>(false);
        host::ChannelRegistry channels;
        // Two links, so that removing the first moves the second about.
        channels.addSecretLink("probe-plugin", {"probeId", "probeUrl", revealNoting(plugin, seen)}, plugin);
        channels.addSecretLink("other-plugin", {"otherId", "otherUrl", revealNoting(plugin, nullptr)},
                               nullptr);
        plugin.reset();
        channels.removeOwner("probe-plugin");
        CPPUNIT_ASSERT(*seen);
    }

    void testRemoveOwnerDropsOnlyItsLinks()
    {
        host::ChannelRegistry channels;
        const auto reveal = [](const std::string& id) { return std::optional<std::string>("/t/" + id); };
        channels.addSecretLink("nps", {"feedbackRequestId", "feedbackUrl", reveal}, nullptr);
        channels.addSecretLink("survey", {"surveyId", "surveyUrl", reveal}, nullptr);
        channels.removeOwner("nps");
        const auto links = channels.secretLinks();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), links.size());
        CPPUNIT_ASSERT_EQUAL(std::string("survey"), links[0].owner);
        CPPUNIT_ASSERT_EQUAL(std::string("/t/5"), *links[0].link.reveal("5"));
        // The field is free again for whoever offers it next.
        channels.addSecretLink("nps", {"feedbackRequestId", "feedbackUrl", reveal}, nullptr);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), channels.secretLinks().size());
    }

private:
    // A reveal that notes, when it is destroyed, whether the plugin that made it is still alive.
    static std::function<std::optional<std::string>(const std::string&)>
    revealNoting(std::weak_ptr<int> plugin, std::shared_ptr<bool> pluginAliveAtEnd)
    {
        struct Probe
        {
            std::weak_ptr<int> plugin;
            std::shared_ptr<bool> seen;
            ~Probe()
            {
                if (seen)
                    *seen = !plugin.expired();
            }
        };
        auto probe = std::make_shared<Probe>();
        probe->plugin = std::move(plugin);
        probe->seen = std::move(pluginAliveAtEnd);
        return [probe](const std::string&) { return std::optional<std::string>(); };
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChannelRegistryTest);
