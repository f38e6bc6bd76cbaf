#include "notify/NotificationSettings.h"

#include "notify/Recipients.h"

#include <Poco/String.h>

#include <algorithm>
#include <set>

namespace molar::host {

namespace {

const char* WHEN_FORMAT = "conditions like 'authorSide = lab' or 'status != cancelled', separated by commas";

std::vector<PayloadCondition> parseConditions(ConfigView& config, const std::string& key)
{
    std::vector<PayloadCondition> out;
    for (const auto& item : config.getList(key, {})) {
        PayloadCondition c;
        auto op = item.find("!=");
        std::size_t width = 2;
        if (op == std::string::npos) {
            op = item.find('=');
            width = 1;
        } else {
            c.equals = false;
        }
        if (op == std::string::npos || op == 0)
            config.fail(key, WHEN_FORMAT);
        c.field = Poco::trim(item.substr(0, op));
        c.value = Poco::trim(item.substr(op + width));
        if (c.field.empty())
            config.fail(key, WHEN_FORMAT);
        out.push_back(c);
    }
    return out;
}

} // namespace

NotificationSettings NotificationSettings::read(ConfigView& config)
{
    NotificationSettings s;
    s.logChannels = config.getList("logChannels", {});
    s.maxAttempts = static_cast<int>(config.getInt("maxAttempts", s.maxAttempts, 1, 50));
    s.firstRetrySeconds = static_cast<int>(config.getInt("firstRetrySeconds", s.firstRetrySeconds, 1, 86400));
    s.sendLeaseSeconds = static_cast<int>(config.getInt("sendLeaseSeconds", s.sendLeaseSeconds, 10, 3600));

    std::set<std::string> ids;
    for (const auto& key : config.keys()) {
        if (key.rfind("labels.", 0) == 0) {
            s.labels[key.substr(7)] = config.getString(key, "");
            continue;
        }
        if (key.rfind("rules.", 0) != 0)
            continue;
        const auto dot = key.find('.', 6);
        if (dot != std::string::npos)
            ids.insert(key.substr(6, dot - 6));
    }
    for (const auto& id : ids) {
        const std::string k = "rules." + id + ".";
        NotificationRule r;
        r.id = id;
        r.event = config.requireString(k + "event");
        r.when = parseConditions(config, k + "when");
        r.recipients = config.getList(k + "to", {});
        if (r.recipients.empty())
            config.fail(k + "to", "who gets the message: " + recipientSyntax());
        for (const auto& who : r.recipients)
            if (!isRecipient(who))
                config.fail(k + "to", recipientSyntax());
        r.channels = config.getList(k + "channels", {"email"});
        r.templateName = config.getString(k + "template", id);
        r.preference = config.getString(k + "preference", r.event);
        r.offerTo = config.getList(k + "offerTo", {});
        for (const auto& side : r.offerTo)
            if (side != "clinic" && side != "lab")
                config.fail(k + "offerTo", "whose settings page offers this message: clinic, lab or both");
        r.offerOrder = static_cast<int>(config.getInt(k + "offerOrder", r.offerOrder, 0, 10000));
        r.required = config.getBool(k + "required", false);
        r.sensitive = config.getBool(k + "sensitive", false);
        r.toActor = config.getBool(k + "toActor", false);
        r.link = config.getList(k + "link", {});
        r.whatsappTemplate = config.getString(k + "whatsappTemplate", "");
        r.whatsappParameters = config.getList(k + "whatsappParameters", {});
        s.rules.push_back(std::move(r));
    }
    return s;
}

std::vector<std::string> NotificationSettings::events() const
{
    std::set<std::string> names;
    for (const auto& r : rules)
        names.insert(r.event);
    return {names.begin(), names.end()};
}

std::vector<std::string> NotificationSettings::offered(const std::string& side) const
{
    std::vector<const NotificationRule*> offering;
    for (const auto& r : rules)
        if (std::find(r.offerTo.begin(), r.offerTo.end(), side) != r.offerTo.end())
            offering.push_back(&r);
    std::stable_sort(
        offering.begin(), offering.end(),
        [](const NotificationRule* a, const NotificationRule* b) { return a->offerOrder < b->offerOrder; });
    std::vector<std::string> out;
    for (const auto* r : offering)
        if (std::find(out.begin(), out.end(), r->preference) == out.end())
            out.push_back(r->preference);
    return out;
}

} // namespace molar::host
