#include "notify/NotificationSettingsRoutes.h"

namespace molar::host {

namespace {

// "case.status_changed" -> "case-status_changed-email": an id safe in HTML.
std::string fieldName(const std::string& event, const std::string& channel)
{
    std::string name = "n-" + event + "-" + channel;
    for (auto& c : name)
        if (c == '.')
            c = '_';
    return name;
}

} // namespace

NotificationSettingsRoutes::NotificationSettingsRoutes(sdk::Database& database, HostAccounts& accounts,
                                                       ViewEngine& views, sdk::Audit& audit,
                                                       std::vector<std::string> clinicEvents,
                                                       std::vector<std::string> labEvents,
                                                       std::vector<std::string> channels)
    : _database(database), _accounts(accounts), _views(views), _audit(audit),
      _clinicEvents(std::move(clinicEvents)), _labEvents(std::move(labEvents)), _channels(std::move(channels))
{
}

void NotificationSettingsRoutes::registerAll(Router& router)
{
    Route get;
    get.owner = "accounts";
    get.method = "GET";
    get.pathTemplate = "/account/notifications";
    get.access = sdk::Access::SignedIn;
    get.options.maxBodyBytes = 16 * 1024;
    get.handler = [this](sdk::Request& rq, sdk::Response& rs) { show(rq, rs, rq.query("saved") == "1"); };
    router.add(get);
    Route post = get;
    post.method = "POST";
    post.handler = [this](sdk::Request& rq, sdk::Response& rs) { save(rq, rs); };
    router.add(post);
}

const std::vector<std::string>& NotificationSettingsRoutes::eventsFor(const sdk::Principal& principal) const
{
    return principal.side == "lab" ? _labEvents : _clinicEvents;
}

std::vector<std::string> NotificationSettingsRoutes::offeredChannels() const
{
    std::vector<std::string> out;
    for (const auto& channel : _channels)
        if (!_offered || _offered(channel))
            out.push_back(channel);
    return out;
}

void NotificationSettingsRoutes::show(sdk::Request& request, sdk::Response& response, bool saved)
{
    const auto& principal = *request.principal();
    const std::string& lang = request.language();
    const auto offered = offeredChannels();
    sdk::Value channels = sdk::Value::array();
    for (const auto& channel : offered)
        channels.push(sdk::Value::object({{"label", _views.translate("notify.channel." + channel, lang)}}));
    sdk::Value rows = sdk::Value::array();
    for (const auto& event : eventsFor(principal)) {
        const std::string eventLabel = _views.translate("notify.event." + event, lang);
        sdk::Value cells = sdk::Value::array();
        for (const auto& channel : offered) {
            const std::string channelLabel = _views.translate("notify.channel." + channel, lang);
            cells.push(sdk::Value::object(
                {{"name", fieldName(event, channel)},
                 {"label", channelLabel + ": " + eventLabel},
                 {"checked", _accounts.wantsNotification(principal.userId, event, channel)}}));
        }
        rows.push(sdk::Value::object({{"label", eventLabel}, {"cells", cells}}));
    }
    sdk::Value data = sdk::Value::object(
        {{"channels", channels}, {"hasChannels", !offered.empty()}, {"rows", rows}, {"saved", saved}});
    response.send("text/html; charset=utf-8", _views.renderPage("host/pages/notifications", "notify.title",
                                                                data, pageContextFor(request)));
}

void NotificationSettingsRoutes::save(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = *request.principal();
    std::string changes;
    // A channel not offered now keeps its setting: the page did not show it.
    const auto offered = offeredChannels();
    _database.transaction([&](sdk::Transaction& tx) {
        for (const auto& event : eventsFor(principal))
            for (const auto& channel : offered) {
                const bool enabled = request.form(fieldName(event, channel)) == "on";
                if (enabled != _accounts.wantsNotification(principal.userId, event, channel))
                    changes +=
                        (changes.empty() ? "" : ", ") + event + "/" + channel + (enabled ? " on" : " off");
                _accounts.setNotification(tx, principal.userId, event, channel, enabled);
            }
        if (!changes.empty())
            _audit.record(tx, sdk::Actor::of(request),
                          {"notifications.updated", "user", std::to_string(principal.userId),
                           principal.organizationId, changes.substr(0, 900)});
    });
    response.redirect("/account/notifications?saved=1", 303);
}

} // namespace molar::host
