#include "BareView.h"

#include "BareTemplates.h"

#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/ucurr.h>
#include <unicode/unistr.h>

#include <ctime>
#include <stdexcept>

namespace km = kainjow::mustache;

namespace molar::bench {

ViewData viewText(const std::string& value)
{
    return value.empty() ? ViewData(false) : ViewData(value);
}

std::string utcStamp(std::int64_t utc)
{
    if (!utc)
        return std::string();
    const std::time_t time = static_cast<std::time_t>(utc);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%MZ", &parts);
    return out;
}

std::string zonedTime(icu::DateFormat& format, std::int64_t utc)
{
    if (!utc)
        return std::string();
    icu::UnicodeString formatted;
    format.format(static_cast<UDate>(utc * 1000), formatted);
    std::string out;
    formatted.toUTF8String(out);
    return out;
}

icu::DateFormat& ZoneFormats::in(const std::string& zone)
{
    const auto found = _formats.find(zone);
    if (found != _formats.end())
        return *found->second;
    std::unique_ptr<icu::TimeZone> timeZone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
    if (!timeZone || *timeZone == icu::TimeZone::getUnknown())
        throw std::invalid_argument("unknown time zone " + zone);
    std::unique_ptr<icu::DateFormat> format(icu::DateFormat::createDateTimeInstance(
        icu::DateFormat::kMedium, icu::DateFormat::kShort, icu::Locale::getEnglish()));
    if (!format)
        throw std::runtime_error("no ICU date format for English");
    format->adoptTimeZone(timeZone.release());
    if (_formats.size() >= 256)
        _formats.clear();
    return *_formats.emplace(zone, std::move(format)).first->second;
}

namespace {

// "1234.50" for 123450 minor units and 2 digits, as IcuLocales' decimalText.
std::string decimalText(std::int64_t minor, int digits)
{
    const bool negative = minor < 0;
    std::string text = std::to_string(negative ? 0 - static_cast<unsigned long long>(minor)
                                               : static_cast<unsigned long long>(minor));
    if (digits > 0) {
        if (text.size() <= static_cast<std::size_t>(digits))
            text.insert(0, static_cast<std::size_t>(digits) + 1 - text.size(), '0');
        text.insert(text.size() - static_cast<std::size_t>(digits), ".");
    }
    return negative ? "-" + text : text;
}

} // namespace

std::string MoneyFormats::format(std::int64_t minor, const std::string& currency)
{
    UErrorCode status = U_ZERO_ERROR;
    auto found = _currencies.find(currency);
    if (found == _currencies.end()) {
        icu::UnicodeString code = icu::UnicodeString::fromUTF8(currency);
        icu::CurrencyUnit unit(code.getTerminatedBuffer(), status);
        const int digits = ucurr_getDefaultFractionDigits(code.getTerminatedBuffer(), &status);
        if (U_FAILURE(status))
            throw std::invalid_argument("not a currency: " + currency);
        found =
            _currencies
                .emplace(currency,
                         Currency{digits, icu::number::NumberFormatter::withLocale(icu::Locale::getEnglish())
                                              .unit(unit)
                                              .precision(icu::number::Precision::fixedFraction(digits))})
                .first;
    }
    const std::string text = decimalText(minor, found->second.digits);
    const auto formatted = found->second.formatter.formatDecimal(icu::StringPiece(text), status);
    std::string out;
    formatted.toString(status).toUTF8String(out);
    if (U_FAILURE(status))
        throw std::runtime_error("cannot format " + text + " " + currency);
    return out;
}

ViewData layoutData(const CaseListSetup& setup, const LayoutViewer& viewer, std::string content,
                    const std::string& requestId, std::int64_t now)
{
    ViewData layout(ViewData::type::object);
    layout.set("content", content);
    layout.set("lang", "en");
    layout.set("dir", "ltr");
    layout.set("theme", "system");
    layout.set("title", viewer.title);
    layout.set("siteName", setup.siteName);
    layout.set("csrf", BareCsrfToken);
    layout.set("path", viewer.path);
    layout.set("returnPath", viewer.returnPath);
    layout.set("requestId", requestId);
    layout.set("signedIn", true);
    layout.set("labAdmin", viewer.labAdmin);
    layout.set("orgOwner", viewer.orgOwner);
    layout.set("userName", viewer.userName);
    ViewData menu(ViewData::type::list);
    if (viewer.menu) {
        // ViewEngine's rule: the current link is the one with the longest path covering the page.
        std::string current;
        for (const auto& item : *viewer.menu) {
            const bool covers =
                viewer.path == item.code || (item.code != "/" && viewer.path.rfind(item.code + "/", 0) == 0);
            if (covers && item.code.size() > current.size())
                current = item.code;
        }
        for (const auto& item : *viewer.menu) {
            ViewData link(ViewData::type::object);
            link.set("label", item.name);
            link.set("href", item.code);
            link.set("current", item.code == current);
            menu.push_back(link);
        }
    }
    layout.set("menu", menu);
    ViewData languages(ViewData::type::list);
    for (const auto& language : setup.languages) {
        ViewData item(ViewData::type::object);
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

ViewData translator(const CaseListSetup& setup)
{
    // Only for a {{#t}} whose key or text holds "{{", as molard's: the key is rendered
    // first, then the text, escaped, is rendered as a template of the page's fields.
    return ViewData(km::lambda2{[&setup](const std::string& key, const km::renderer& render) {
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

std::string renderPage(const CaseListSetup& setup, kainjow::mustache::mustache& view, ViewData& data,
                       kainjow::mustache::mustache& layout, const LayoutViewer& viewer,
                       const std::string& requestId, std::int64_t now, const char* name)
{
    data.set("csrf", BareCsrfToken);
    data.set("path", viewer.path);
    data.set("lang", "en");
    if (setup.translates)
        data.set("t", translator(setup));
    std::string content;
    renderInto(view, data, content, name);
    ViewData around = layoutData(setup, viewer, std::move(content), requestId, now);
    if (setup.translates)
        around.set("t", translator(setup));
    std::string page;
    page.reserve(49152);
    renderInto(layout, around, page, "layout");
    return page;
}

void renderInto(kainjow::mustache::mustache& view, ViewData& data, std::string& out, const char* name)
{
    view.render(data, [&out](const std::string& part) { out += part; });
    if (!view.error_message().empty())
        throw std::runtime_error(std::string(name) + " template: " + view.error_message());
}

} // namespace molar::bench
