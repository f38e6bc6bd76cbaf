#pragma once

// The conformance checks every NotificationChannel implementation passes, run
// against the provider or a local server that speaks its wire format. Header-only;
// run it from your own test framework:
//
//     NotificationChannelConformanceOptions options;
//     options.address = "dr@clinic.example";
//     options.refusedAddress = "nobody@refused.example"; // the test server refuses it
//     auto failures = molar::sdk::testing::checkNotificationChannel(channel, options);
//     for (const auto& f : failures) std::cerr << f << "\n";
//     assert(failures.empty());

#include "molar/sdk/Errors.h"
#include "molar/sdk/Notifications.h"

#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace molar::sdk::testing {

struct NotificationChannelConformanceOptions
{
    // An address the provider accepts, of the channel's AddressKind.
    std::string address;
    // A well-formed address the provider refuses for good; empty skips that check.
    std::string refusedAddress;
    // The template the checks send through a channel that uses templates.
    std::string templateName = "conformance_check";
    // Sends made at once from as many threads.
    int concurrentSends = 8;
    // Whether the provider received `message` from the send that returned
    // `providerId` (read back from the test server); empty skips those checks.
    std::function<bool(const OutgoingMessage& message, const std::string& providerId)> received;
    // Takes the provider down (true) and brings it back (false); empty skips the
    // check that an outage is a temporary error.
    std::function<void(bool down)> setProviderDown;
};

namespace detail {

class ChannelCheckFailed : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

inline void expect(bool condition, const std::string& what)
{
    if (!condition)
        throw ChannelCheckFailed(what);
}

inline OutgoingMessage sampleMessage(const ChannelInfo& info,
                                     const NotificationChannelConformanceOptions& options,
                                     const std::string& id)
{
    OutgoingMessage m;
    m.id = id;
    m.address = options.address;
    m.recipientName = "Conformance Check";
    m.language = "en";
    m.subject = "Case TR-260101-" + id + " received";
    m.text =
        "Your case TR-260101-" + id + " was received.\nTrack it: https://lab.example/track/TR-260101-" + id;
    m.html = "<p>Your case <strong>TR-260101-" + id + "</strong> was received.</p>";
    if (info.usesTemplates) {
        m.templateName = options.templateName;
        m.templateParameters = {"TR-260101-" + id, "https://lab.example/track/TR-260101-" + id};
    }
    m.settingsUrl = "https://lab.example/profile/notifications";
    return m;
}

// Runs `action`; true when it threw PermanentError, false when it threw anything
// else; fails the check when it returned normally.
template <typename Action> bool throwsPermanent(Action action, const std::string& what)
{
    try {
        action();
    } catch (const PermanentError&) {
        return true;
    } catch (const std::exception&) {
        return false;
    }
    throw ChannelCheckFailed(what + " was accepted");
}

inline void describesItself(NotificationChannel& channel)
{
    const ChannelInfo info = channel.info();
    expect(!info.name.empty(), "info().name is empty");
    expect(info.name[0] >= 'a' && info.name[0] <= 'z', "info().name must start with a-z: " + info.name);
    for (char c : info.name)
        expect((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-',
               "info().name has a character outside [a-z0-9-]: " + info.name);
}

inline void sendsAndReturnsAnId(NotificationChannel& channel,
                                const NotificationChannelConformanceOptions& options)
{
    const auto message = sampleMessage(channel.info(), options, "0001");
    const std::string id = channel.send(message);
    expect(!id.empty(), "send() returned an empty provider id");
    if (options.received)
        expect(options.received(message, id), "the provider did not receive message " + id + " as sent");
}

inline void givesEachMessageItsOwnId(NotificationChannel& channel,
                                     const NotificationChannelConformanceOptions& options)
{
    const auto first = channel.send(sampleMessage(channel.info(), options, "0002"));
    const auto second = channel.send(sampleMessage(channel.info(), options, "0003"));
    expect(first != second, "two messages got the same provider id " + first);
}

inline void refusesMalformedAddresses(NotificationChannel& channel,
                                      const NotificationChannelConformanceOptions& options)
{
    const ChannelInfo info = channel.info();
    const std::vector<std::string> malformed =
        info.address == AddressKind::Email
            ? std::vector<std::string>{"", "not an address", "dr@",
                                       "dr@clinic.example\r\nBcc: x@evil.example"}
            : std::vector<std::string>{"", "12", "+97455512345x", "0097455512345\r\n"};
    for (const auto& address : malformed) {
        auto message = sampleMessage(info, options, "0004");
        message.address = address;
        expect(throwsPermanent([&] { channel.send(message); }, "malformed address '" + address + "'"),
               "malformed address '" + address + "' raised a temporary error, not PermanentError");
    }
}

inline void refusesEmptyMessages(NotificationChannel& channel,
                                 const NotificationChannelConformanceOptions& options)
{
    const ChannelInfo info = channel.info();
    auto message = sampleMessage(info, options, "0005");
    if (info.usesTemplates) {
        message.templateName.clear();
    } else {
        message.text.clear();
        message.html.clear();
    }
    expect(throwsPermanent([&] { channel.send(message); }, "a message with nothing to send"),
           "a message with nothing to send raised a temporary error, not PermanentError");
}

inline void refusedAddressIsPermanent(NotificationChannel& channel,
                                      const NotificationChannelConformanceOptions& options)
{
    auto message = sampleMessage(channel.info(), options, "0006");
    message.address = options.refusedAddress;
    expect(throwsPermanent([&] { channel.send(message); }, "refused address " + options.refusedAddress),
           "the provider's refusal of " + options.refusedAddress + " came back as a temporary error");
}

inline void outageIsTemporary(NotificationChannel& channel,
                              const NotificationChannelConformanceOptions& options)
{
    options.setProviderDown(true);
    bool permanent = false;
    bool threw = false;
    try {
        channel.send(sampleMessage(channel.info(), options, "0007"));
    } catch (const PermanentError&) {
        threw = permanent = true;
    } catch (const std::exception&) {
        threw = true;
    }
    options.setProviderDown(false);
    expect(threw, "a send while the provider is down returned normally");
    expect(!permanent, "a provider outage raised PermanentError; it must be retried");
    // And the channel recovers once the provider is back.
    expect(!channel.send(sampleMessage(channel.info(), options, "0008")).empty(),
           "no provider id after the provider came back");
}

inline void sendsConcurrently(NotificationChannel& channel,
                              const NotificationChannelConformanceOptions& options)
{
    std::mutex mutex;
    std::set<std::string> ids;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int i = 0; i < options.concurrentSends; ++i)
        threads.emplace_back([&, i] {
            try {
                auto id = channel.send(sampleMessage(channel.info(), options, "1" + std::to_string(100 + i)));
                std::lock_guard<std::mutex> lock(mutex);
                ids.insert(id);
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : threads)
        t.join();
    expect(errors.empty(), "a concurrent send failed: " + (errors.empty() ? std::string() : errors.front()));
    expect(static_cast<int>(ids.size()) == options.concurrentSends,
           "concurrent sends returned " + std::to_string(ids.size()) + " distinct ids for " +
               std::to_string(options.concurrentSends) + " messages");
}

} // namespace detail

inline std::vector<std::string> checkNotificationChannel(NotificationChannel& channel,
                                                         const NotificationChannelConformanceOptions& options)
{
    using namespace detail;
    std::vector<std::pair<std::string, std::function<void()>>> checks{
        {"describes itself", [&] { describesItself(channel); }},
        {"send returns the provider's id", [&] { sendsAndReturnsAnId(channel, options); }},
        {"each message its own id", [&] { givesEachMessageItsOwnId(channel, options); }},
        {"malformed addresses are permanent errors", [&] { refusesMalformedAddresses(channel, options); }},
        {"empty messages are permanent errors", [&] { refusesEmptyMessages(channel, options); }},
        {"concurrent sends", [&] { sendsConcurrently(channel, options); }},
    };
    if (!options.refusedAddress.empty())
        checks.emplace_back("refused address is a permanent error",
                            [&] { refusedAddressIsPermanent(channel, options); });
    if (options.setProviderDown)
        checks.emplace_back("outage is a temporary error", [&] { outageIsTemporary(channel, options); });
    std::vector<std::string> failures;
    for (const auto& [name, run] : checks) {
        try {
            run();
        } catch (const ChannelCheckFailed& e) {
            failures.push_back(name + ": " + e.what());
        } catch (const std::exception& e) {
            failures.push_back(name + ": unexpected exception: " + e.what());
        }
    }
    return failures;
}

} // namespace molar::sdk::testing
