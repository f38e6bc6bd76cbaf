#include "BareCasePage.h"

#include "BareTemplates.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <ctime>
#include <stdexcept>

namespace km = kainjow::mustache;

namespace molar::bench {

CaseListPage::CaseListPage(const BareDatabaseUrl& url, const CaseListSetup& setup)
    : _setup(setup), _reader(url), _list(setup.listTemplate), _layout(setup.layoutTemplate)
{
    if (!_list.is_valid())
        throw std::runtime_error("list template: " + _list.error_message());
    if (!_layout.is_valid())
        throw std::runtime_error("layout template: " + _layout.error_message());
}

CaseListPage::~CaseListPage() = default;

icu::DateFormat& CaseListPage::formatIn(const std::string& zone)
{
    const auto found = _formats.find(zone);
    if (found != _formats.end())
        return *found->second;
    std::unique_ptr<icu::TimeZone> timeZone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
    if (!timeZone || *timeZone == icu::TimeZone::getUnknown())
        throw std::invalid_argument("unknown time zone " + zone);
    // English, as molard's IcuLocales::dateTime for a reader of English: medium date, short time.
    std::unique_ptr<icu::DateFormat> format(icu::DateFormat::createDateTimeInstance(
        icu::DateFormat::kMedium, icu::DateFormat::kShort, icu::Locale::getEnglish()));
    if (!format)
        throw std::runtime_error("no ICU date format for English");
    format->adoptTimeZone(timeZone.release());
    if (_formats.size() >= 256)
        _formats.clear();
    return *_formats.emplace(zone, std::move(format)).first->second;
}

CaseListPage::Data CaseListPage::layoutData(const CasePageRequest& request, std::string content,
                                            std::int64_t now) const
{
    Data layout(Data::type::object);
    layout.set("content", content);
    layout.set("lang", "en");
    layout.set("dir", "ltr");
    layout.set("theme", "system");
    layout.set("title", _setup.title);
    layout.set("siteName", _setup.siteName);
    layout.set("csrf", CsrfToken);
    layout.set("path", "/cases");
    layout.set("returnPath", request.returnPath);
    layout.set("requestId", std::to_string(_served));
    layout.set("signedIn", true);
    layout.set("labAdmin", false);
    layout.set("orgOwner", true);
    layout.set("userName", OwnerName);
    Data menu(Data::type::list);
    for (const auto& item : _setup.menu) {
        Data link(Data::type::object);
        link.set("label", item.name);
        link.set("href", item.code);
        link.set("current", item.code == "/cases");
        menu.push_back(link);
    }
    layout.set("menu", menu);
    Data languages(Data::type::list);
    for (const auto& language : _setup.languages) {
        Data item(Data::type::object);
        item.set("code", language.code);
        item.set("name", language.name);
        item.set("selected", language.code == "en");
        languages.push_back(item);
    }
    layout.set("languages", languages);
    layout.set("theme_light", false);
    layout.set("theme_dark", false);
    layout.set("theme_system", true);
    const std::time_t time = static_cast<std::time_t>(now);
    std::tm utc{};
    gmtime_r(&time, &utc);
    layout.set("year", std::to_string(1900 + utc.tm_year));
    return layout;
}

std::string CaseListPage::render(const CasePageRequest& request)
{
    icu::DateFormat& format = formatIn(request.zone);
    ++_served;
    const CaseRows& rows = _reader.list(request.query);
    const StageCounts& counts = _reader.countByStage(request.query.organizationId);
    const std::int64_t now = std::time(nullptr);

    Data data = listData(request, rows, counts, format, now);
    if (_setup.translates)
        data.set("t", translator());
    std::string content;
    _list.render(data, [&content](const std::string& part) { content += part; });
    if (!_list.error_message().empty())
        throw std::runtime_error("list template: " + _list.error_message());

    Data layout = layoutData(request, std::move(content), now);
    if (_setup.translates)
        layout.set("t", translator());
    std::string page;
    page.reserve(32768);
    _layout.render(layout, [&page](const std::string& part) { page += part; });
    if (!_layout.error_message().empty())
        throw std::runtime_error("layout template: " + _layout.error_message());
    return page;
}

CaseListPage::Data CaseListPage::translator() const
{
    // Only for a {{#t}} whose key or text holds "{{", as molard's: the key is rendered
    // first, then the text, escaped, is rendered as a template of the page's fields.
    const CaseListSetup& setup = _setup;
    return Data(km::lambda2{[&setup](const std::string& key, const km::renderer& render) {
        const auto expand = [&render](const std::string& text) {
            return text.find("{{") == std::string::npos ? text : render(text);
        };
        std::string name = expand(key);
        name.erase(0, name.find_first_not_of(" \t\r\n"));
        name.erase(name.find_last_not_of(" \t\r\n") + 1);
        const std::string text = setup.translate(name);
        return text == name ? htmlEscape(text) : expand(htmlEscape(text));
    }});
}

} // namespace molar::bench
