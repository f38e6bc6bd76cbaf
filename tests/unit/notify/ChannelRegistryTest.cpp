// ChannelRegistry: an entry releases the plugin that offered a channel only after the
// channel itself, whose code lives in that plugin's library.
#include "notify/ChannelRegistry.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

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
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChannelRegistryTest);
