#include "notify/MessageRenderer.h"

#include "locale/IcuLocales.h"
#include "views/MessageCatalog.h"

#include <kainjow/mustache.hpp>

namespace molar::host {

namespace km = kainjow::mustache;

namespace {

const std::string PATH_SUFFIX = "Path";

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Catalog text is plain text: values go in unescaped; the HTML layout escapes them. A
// message with ICU arguments takes them from the model's fields of those names.
std::string renderPlain(const std::string& text, const sdk::Value& model, const std::string& language)
{
    if (isIcuMessage(text))
        return languageData().format(text, language, model);
    km::mustache tmpl{text};
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    km::data data(km::data::type::object);
    for (const auto& [name, value] : model.asObject())
        data.set(name, value.isString() ? value.asString() : value.toString());
    std::string out = tmpl.render(data);
    if (!tmpl.error_message().empty())
        throw std::runtime_error("message text '" + text + "': " + tmpl.error_message());
    return out;
}

} // namespace

MessageRenderer::MessageRenderer(ViewEngine& views, const NotificationSettings& settings,
                                 std::string publicUrl, std::string siteName)
    : _views(views), _settings(settings), _publicUrl(std::move(publicUrl)), _siteName(std::move(siteName))
{
}

sdk::Value MessageRenderer::model(const sdk::Value& payload, const sdk::UserInfo& recipient,
                                  const std::string& language) const
{
    sdk::Value m = sdk::Value::object();
    if (payload.isObject())
        for (const auto& [name, value] : payload.asObject()) {
            if (value.isArray() || value.isObject() || value.isNull())
                continue;
            m.set(name, value.isString() ? value.asString() : value.toString());
            if (value.isString() && endsWith(name, PATH_SUFFIX) && value.asString().rfind('/', 0) == 0)
                m.set(name.substr(0, name.size() - PATH_SUFFIX.size()) + "Url",
                      _publicUrl + value.asString());
        }
    // Amounts in the reader's language (sdk::messageAmount): they replace the payload's
    // English text of the same name ("QAR 405.00" is "‏٤٠٥٫٠٠ ر.ق.‏" in Arabic).
    if (payload.isObject() && payload.get("amounts").isObject())
        for (const auto& [name, amount] : payload.get("amounts").asObject()) {
            const std::string currency = amount.isObject() ? amount.getString("currency") : std::string();
            if (currency.empty())
                continue;
            try {
                m.set(name, languageData().money({amount.getInt("minor"), currency}, language));
            } catch (const std::invalid_argument&) {
                // Not a currency: the payload's own text stays.
            }
        }
    // Days in the reader's language and zone (sdk::messageDate); the date's own zone for a
    // reader who set none.
    if (payload.isObject() && payload.get("dates").isObject())
        for (const auto& [name, day] : payload.get("dates").asObject()) {
            if (!day.isObject() || !day.has("utcMillis"))
                continue;
            const std::string zone = recipient.timeZone.empty() ? day.getString("zone") : recipient.timeZone;
            m.set(name,
                  languageData().date(day.getInt("utcMillis"), {language, zone.empty() ? "UTC" : zone}));
        }
    for (const auto& [field, prefix] : _settings.labels)
        if (m.has(field)) {
            // A code no catalog names (a product a lab added) keeps the payload's own
            // words for it, <field>Name, where there are some.
            const std::string key = prefix + m.getString(field);
            const std::string text = _views.translate(key, language);
            m.set(field + "Label", text == key && m.has(field + "Name") ? m.getString(field + "Name") : text);
        }
    m.set("recipientName", recipient.displayName);
    m.set("siteName", _siteName);
    m.set("portalUrl", _publicUrl);
    return m;
}

std::string MessageRenderer::wording(const std::string& key, const sdk::Value& model,
                                     const std::string& language) const
{
    // The catalog answers the key itself when no language has it: an optional part left out.
    const std::string text = _views.translate(key, language);
    return text == key ? std::string() : renderPlain(text, model, language);
}

sdk::OutgoingMessage MessageRenderer::render(const NotificationRule& rule, const sdk::ChannelInfo& channel,
                                             const sdk::Value& payload, const sdk::UserInfo& recipient,
                                             const std::string& language) const
{
    const sdk::Value m = model(payload, recipient, language);
    sdk::OutgoingMessage out;
    out.recipientName = recipient.displayName;
    out.language = language;
    out.settingsUrl = rule.required ? "" : _publicUrl + "/account/notifications";
    if (channel.usesTemplates) {
        out.templateName = rule.whatsappTemplate;
        for (const auto& field : rule.whatsappParameters)
            out.templateParameters.push_back(m.getString(field));
        return out;
    }
    const std::string base = "message." + rule.templateName + ".";
    out.subject = wording(base + "subject", m, language);
    sdk::Value paragraphs = sdk::Value::array();
    for (const char* part : {"body", "body2"}) {
        const std::string text = wording(base + part, m, language);
        if (!text.empty())
            paragraphs.push(text);
    }
    sdk::Value layout = sdk::Value::object({{"subject", out.subject},
                                            {"heading", wording(base + "heading", m, language)},
                                            {"greeting", wording("message.greeting", m, language)},
                                            {"paragraphs", paragraphs},
                                            {"siteName", _siteName},
                                            {"dir", isRightToLeft(language) ? "rtl" : "ltr"}});
    if (layout.getString("heading").empty())
        layout.set("heading", out.subject);
    std::string url;
    for (const auto& field : rule.link)
        if (url.empty())
            url = m.getString(field);
    if (!url.empty())
        layout.set("action",
                   sdk::Value::object({{"label", wording(base + "action", m, language)}, {"url", url}}));
    if (!out.settingsUrl.empty())
        layout.set("settings", sdk::Value::object({{"label", wording("message.settings", m, language)},
                                                   {"url", out.settingsUrl}}));
    out.text = _views.render("host/notifications/email.txt", layout, language);
    out.html = _views.render("host/notifications/email.html", layout, language);
    return out;
}

std::string MessageRenderer::summary(const sdk::OutgoingMessage& message)
{
    if (!message.subject.empty())
        return message.subject;
    std::string out = message.templateName;
    for (std::size_t i = 0; i < message.templateParameters.size(); ++i)
        out += (i == 0 ? " (" : ", ") + message.templateParameters[i];
    return message.templateParameters.empty() ? out : out + ")";
}

std::vector<std::pair<std::string, std::string>>
MessageRenderer::missingWording(const std::string& language) const
{
    std::vector<std::pair<std::string, std::string>> missing;
    for (const auto& rule : _settings.rules)
        for (const char* part : {"subject", "body"}) {
            const std::string key = "message." + rule.templateName + "." + part;
            if (!_views.catalog().has(key, language))
                missing.emplace_back(rule.id, "notifications.rules." + rule.id + ": template '" +
                                                  rule.templateName + "' has no text " + key +
                                                  " for language " + language + " in the message catalogs");
        }
    return missing;
}

} // namespace molar::host
