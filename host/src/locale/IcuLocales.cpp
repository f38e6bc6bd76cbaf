#include "locale/IcuLocales.h"

#include "molar/sdk/Http.h"

#include <unicode/brkiter.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/fmtable.h>
#include <unicode/gregocal.h>
#include <unicode/localematcher.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

namespace molar::host {

namespace number = icu::number;

namespace {

std::string utf8(const icu::UnicodeString& text)
{
    std::string out;
    text.toUTF8String(out);
    return out;
}

icu::Locale localeOf(const std::string& language)
{
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(language, status);
    if (U_FAILURE(status) || locale.isBogus() || language.empty())
        return icu::Locale::getEnglish();
    return locale;
}

icu::DateFormat::EStyle icuStyle(sdk::DateStyle style)
{
    switch (style) {
    case sdk::DateStyle::Short:
        return icu::DateFormat::kShort;
    case sdk::DateStyle::Medium:
        return icu::DateFormat::kMedium;
    case sdk::DateStyle::Long:
        return icu::DateFormat::kLong;
    case sdk::DateStyle::Full:
        return icu::DateFormat::kFull;
    }
    return icu::DateFormat::kMedium;
}

// ICU's date formatters are not thread-safe, so each thread keeps its own, by key; a thread
// that meets many zones starts its collection again. `make` builds a missing one.
template <typename Make> icu::DateFormat& threadFormat(const std::string& key, Make make)
{
    thread_local std::unordered_map<std::string, std::unique_ptr<icu::DateFormat>> formats;
    auto found = formats.find(key);
    if (found != formats.end())
        return *found->second;
    if (formats.size() >= 256)
        formats.clear();
    return *formats.emplace(key, make()).first->second;
}

// A date, or a date and a time, per language, zone and style.
icu::DateFormat& dateFormat(const std::string& language, const std::string& zone, sdk::DateStyle dateStyle,
                            bool withTime)
{
    const std::string key =
        language + '|' + zone + '|' + std::to_string(static_cast<int>(dateStyle)) + (withTime ? "|t" : "|d");
    return threadFormat(key, [&] {
        const icu::Locale locale = localeOf(language);
        std::unique_ptr<icu::DateFormat> format(
            withTime ? icu::DateFormat::createDateTimeInstance(icuStyle(dateStyle), icu::DateFormat::kShort,
                                                               locale)
                     : icu::DateFormat::createDateInstance(icuStyle(dateStyle), locale));
        if (!format)
            throw std::runtime_error("no date format for " + language);
        format->adoptTimeZone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
        return format;
    });
}

// The language's form of a month and its year (the skeleton "yMMMM"), in GMT.
icu::DateFormat& monthFormat(const std::string& language)
{
    return threadFormat(language + "|month", [&] {
        const icu::Locale locale = localeOf(language);
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::DateTimePatternGenerator> generator(
            icu::DateTimePatternGenerator::createInstance(locale, status));
        icu::UnicodeString pattern;
        if (U_SUCCESS(status))
            pattern = generator->getBestPattern(icu::UnicodeString("yMMMM"), status);
        std::unique_ptr<icu::DateFormat> format =
            std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
        if (U_FAILURE(status))
            throw std::runtime_error("no month format for " + language);
        format->adoptTimeZone(icu::TimeZone::getGMT()->clone());
        return format;
    });
}

// "3250" KWD (3 digits) -> "3.250"; "-5" QAR -> "-0.05": the decimal ICU formats exactly.
std::string decimalText(std::int64_t minor, int digits)
{
    const bool negative = minor < 0;
    // The magnitude as unsigned, so that INT64_MIN has one too.
    std::uint64_t magnitude =
        negative ? ~static_cast<std::uint64_t>(minor) + 1 : static_cast<std::uint64_t>(minor);
    std::string text = std::to_string(magnitude);
    if (digits > 0) {
        if (text.size() <= static_cast<std::size_t>(digits))
            text.insert(0, static_cast<std::size_t>(digits) + 1 - text.size(), '0');
        text.insert(text.size() - static_cast<std::size_t>(digits), ".");
    }
    return negative ? "-" + text : text;
}

bool isNameStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool isNamePart(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

enum class ArgumentKind
{
    Text,
    Number,
    Date
};

// Each argument's name and what it must be given: a number for plural, selectordinal and
// number arguments, an instant for date and time, text for the rest.
std::vector<std::pair<std::string, ArgumentKind>> argumentsOf(const icu::UnicodeString& pattern)
{
    UErrorCode status = U_ZERO_ERROR;
    UParseError error;
    icu::MessagePattern parsed(pattern, &error, status);
    if (U_FAILURE(status))
        return {};
    std::vector<std::pair<std::string, ArgumentKind>> out;
    const int count = parsed.countParts();
    for (int i = 0; i + 1 < count; ++i) {
        const auto& part = parsed.getPart(i);
        if (part.getType() != UMSGPAT_PART_TYPE_ARG_START)
            continue;
        const auto& namePart = parsed.getPart(i + 1);
        const std::string name = utf8(parsed.getSubstring(namePart));
        ArgumentKind kind = ArgumentKind::Text;
        const UMessagePatternArgType type = part.getArgType();
        if (type == UMSGPAT_ARG_TYPE_PLURAL || type == UMSGPAT_ARG_TYPE_SELECTORDINAL) {
            kind = ArgumentKind::Number;
        } else if (type == UMSGPAT_ARG_TYPE_SIMPLE && i + 2 < count) {
            const std::string typeName = utf8(parsed.getSubstring(parsed.getPart(i + 2)));
            kind = typeName == "number"                       ? ArgumentKind::Number
                   : typeName == "date" || typeName == "time" ? ArgumentKind::Date
                                                              : ArgumentKind::Text;
        }
        bool seen = false;
        for (auto& known : out)
            if (known.first == name) {
                seen = true;
                if (kind != ArgumentKind::Text)
                    known.second = kind;
            }
        if (!seen)
            out.emplace_back(name, kind);
    }
    return out;
}

// A text argument as a number: "3" -> 3, "2.5" -> 2.5; nothing for other text.
std::optional<icu::Formattable> numberFrom(const std::string& text)
{
    std::int64_t whole = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), whole);
    if (error == std::errc() && end == text.data() + text.size() && !text.empty())
        return icu::Formattable(static_cast<int64_t>(whole));
    char* stop = nullptr;
    const double real = std::strtod(text.c_str(), &stop);
    if (!text.empty() && stop == text.c_str() + text.size() && std::isfinite(real))
        return icu::Formattable(real);
    return std::nullopt;
}

icu::Formattable argumentValue(const sdk::Value& value, ArgumentKind kind, const std::string& name)
{
    using Type = sdk::Value::Type;
    if (kind == ArgumentKind::Text)
        return icu::Formattable(
            icu::UnicodeString::fromUTF8(value.isNull() ? std::string() : value.toString()));
    std::optional<icu::Formattable> numeric;
    if (value.type() == Type::Int)
        numeric = icu::Formattable(static_cast<int64_t>(value.asInt()));
    else if (value.type() == Type::Double)
        numeric = icu::Formattable(value.asDouble());
    else if (value.type() == Type::String)
        numeric = numberFrom(value.asString());
    if (!numeric)
        throw std::invalid_argument("message argument " + name + " is not a number");
    if (kind == ArgumentKind::Date)
        return icu::Formattable(static_cast<UDate>(numeric->getDouble()), icu::Formattable::kIsDate);
    return *numeric;
}

// The ranges of an Accept-Language header ("fr-CA,fr;q=0.9,en;q=0.8"), most wanted
// first (equals in their order); "*", ranges weighted 0 and unreadable weights left out.
std::vector<icu::Locale> acceptedLocales(const std::string& header)
{
    std::vector<std::pair<double, icu::Locale>> ranges;
    std::size_t start = 0;
    while (start <= header.size()) {
        std::size_t end = header.find(',', start);
        if (end == std::string::npos)
            end = header.size();
        const std::string range = header.substr(start, end - start);
        start = end + 1;
        const std::size_t semicolon = range.find(';');
        std::string tag = range.substr(0, semicolon);
        tag.erase(0, tag.find_first_not_of(" \t"));
        tag.erase(tag.find_last_not_of(" \t") + 1);
        double weight = 1.0;
        if (semicolon != std::string::npos) {
            std::string parameter = range.substr(semicolon + 1);
            parameter.erase(0, parameter.find_first_not_of(" \t"));
            char* stop = nullptr;
            weight = parameter.rfind("q=", 0) == 0 ? std::strtod(parameter.c_str() + 2, &stop) : 0;
            if (stop == nullptr || stop == parameter.c_str() + 2 || !std::isfinite(weight))
                weight = 0;
        }
        if (tag.empty() || tag == "*" || weight <= 0)
            continue;
        UErrorCode status = U_ZERO_ERROR;
        icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
        if (U_FAILURE(status) || locale.isBogus() || std::string(locale.getLanguage()).empty())
            continue;
        ranges.emplace_back(weight, locale);
    }
    std::stable_sort(ranges.begin(), ranges.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<icu::Locale> out;
    for (auto& range : ranges)
        out.push_back(range.second);
    return out;
}

} // namespace

struct IcuLocales::Cache
{
    std::shared_mutex mutex;
    std::map<std::string, number::LocalizedNumberFormatter> numbers;     // "<kind>|<language>[|<currency>]"
    std::map<std::string, std::unique_ptr<icu::LocaleMatcher>> matchers; // supported tags, joined

    template <typename Make>
    const number::LocalizedNumberFormatter& formatter(const std::string& key, Make make)
    {
        {
            std::shared_lock<std::shared_mutex> lock(mutex);
            auto found = numbers.find(key);
            if (found != numbers.end())
                return found->second;
        }
        number::LocalizedNumberFormatter made = make();
        std::unique_lock<std::shared_mutex> lock(mutex);
        return numbers.emplace(key, std::move(made)).first->second;
    }
};

IcuLocales::IcuLocales(std::string labTimeZone)
    : _labTimeZone(labTimeZone.empty() ? "UTC" : std::move(labTimeZone)), _cache(std::make_unique<Cache>())
{
}

IcuLocales::~IcuLocales() = default;

sdk::Viewer IcuLocales::viewerOf(const sdk::Request& request)
{
    sdk::Viewer viewer;
    viewer.language = request.language().empty() ? "en" : request.language();
    const auto& principal = request.principal();
    viewer.timeZone = principal && !principal->timeZone.empty() ? principal->timeZone : _labTimeZone;
    return viewer;
}

std::string IcuLocales::date(std::int64_t utcMillis, const sdk::Viewer& viewer, sdk::DateStyle style)
{
    icu::UnicodeString out;
    dateFormat(viewer.language, viewer.timeZone, style, false).format(static_cast<UDate>(utcMillis), out);
    return utf8(out);
}

std::string IcuLocales::dateTime(std::int64_t utcMillis, const sdk::Viewer& viewer, sdk::DateStyle style)
{
    icu::UnicodeString out;
    dateFormat(viewer.language, viewer.timeZone, style, true).format(static_cast<UDate>(utcMillis), out);
    return utf8(out);
}

std::string IcuLocales::day(int year, int month, int dayOfMonth, const std::string& language,
                            sdk::DateStyle style)
{
    UErrorCode status = U_ZERO_ERROR;
    icu::GregorianCalendar calendar(icu::TimeZone::getGMT()->clone(), status);
    calendar.setLenient(false);
    calendar.clear();
    calendar.set(year, month - 1, dayOfMonth, 12, 0, 0);
    const UDate noon = calendar.getTime(status);
    if (U_FAILURE(status) || month < 1 || month > 12)
        throw std::invalid_argument("no such day: " + std::to_string(year) + "-" + std::to_string(month) +
                                    "-" + std::to_string(dayOfMonth));
    icu::UnicodeString out;
    dateFormat(language, "GMT", style, false).format(noon, out);
    return utf8(out);
}

std::string IcuLocales::month(int year, int month, const std::string& language)
{
    if (month < 1 || month > 12)
        throw std::invalid_argument("no such month: " + std::to_string(year) + "-" + std::to_string(month));
    UErrorCode status = U_ZERO_ERROR;
    icu::GregorianCalendar calendar(icu::TimeZone::getGMT()->clone(), status);
    calendar.clear();
    calendar.set(year, month - 1, 15, 12, 0, 0);
    const UDate middle = calendar.getTime(status);
    if (U_FAILURE(status))
        throw std::invalid_argument("no such month: " + std::to_string(year) + "-" + std::to_string(month));
    icu::UnicodeString out;
    monthFormat(language).format(middle, out);
    return utf8(out);
}

std::string IcuLocales::number(std::int64_t value, const std::string& language)
{
    const auto& formatter = _cache->formatter(
        "n|" + language, [&] { return number::NumberFormatter::withLocale(localeOf(language)); });
    UErrorCode status = U_ZERO_ERROR;
    return utf8(formatter.formatInt(value, status).toString(status));
}

std::string IcuLocales::percent(double ratio, const std::string& language)
{
    const auto& formatter = _cache->formatter("p|" + language, [&] {
        return number::NumberFormatter::withLocale(localeOf(language))
            .unit(icu::MeasureUnit::getPercent())
            .scale(number::Scale::powerOfTen(2))
            .precision(number::Precision::maxFraction(2));
    });
    UErrorCode status = U_ZERO_ERROR;
    return utf8(formatter.formatDouble(ratio, status).toString(status));
}

std::string IcuLocales::money(const sdk::Money& amount, const std::string& language)
{
    const int digits = sdk::currencyMinorDigits(amount.currency);
    const auto& formatter = _cache->formatter("m|" + language + "|" + amount.currency, [&] {
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString code = icu::UnicodeString::fromUTF8(amount.currency);
        icu::CurrencyUnit unit(code.getTerminatedBuffer(), status);
        if (U_FAILURE(status))
            throw std::invalid_argument("not a currency: " + amount.currency);
        return number::NumberFormatter::withLocale(localeOf(language))
            .unit(unit)
            .precision(number::Precision::fixedFraction(digits));
    });
    UErrorCode status = U_ZERO_ERROR;
    const std::string text = decimalText(amount.minor, digits);
    const auto formatted = formatter.formatDecimal(icu::StringPiece(text), status);
    std::string out = utf8(formatted.toString(status));
    if (U_FAILURE(status))
        throw std::runtime_error("cannot format " + text + " " + amount.currency);
    return out;
}

std::string IcuLocales::format(const std::string& pattern, const std::string& language,
                               const sdk::Value& arguments)
{
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(pattern);
    UErrorCode status = U_ZERO_ERROR;
    UParseError error;
    icu::MessageFormat message(text, localeOf(language), error, status);
    if (U_FAILURE(status))
        throw std::invalid_argument("message does not parse at offset " + std::to_string(error.offset) +
                                    ": " + pattern);
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    static const sdk::Value none;
    for (const auto& [name, kind] : argumentsOf(text)) {
        names.push_back(icu::UnicodeString::fromUTF8(name));
        const sdk::Value& value = arguments.isObject() && arguments.has(name) ? arguments.get(name) : none;
        values.push_back(argumentValue(value, kind, name));
    }
    icu::UnicodeString out;
    message.format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
    if (U_FAILURE(status))
        throw std::invalid_argument(std::string("message cannot be formatted: ") + u_errorName(status));
    return utf8(out);
}

std::string IcuLocales::nativeName(const std::string& language)
{
    const icu::Locale locale = localeOf(language);
    icu::UnicodeString name;
    locale.getDisplayName(locale, name);
    // "português (Brasil)" -> "Português (Brasil)": a picker's entries start like sentences.
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> sentences(icu::BreakIterator::createSentenceInstance(locale, status));
    if (U_SUCCESS(status))
        name.toTitle(sentences.get(), locale, U_TITLECASE_NO_LOWERCASE | U_TITLECASE_NO_BREAK_ADJUSTMENT);
    return utf8(name);
}

bool IcuLocales::rightToLeft(const std::string& language)
{
    return localeOf(language).isRightToLeft();
}

std::string IcuLocales::bestLanguage(const std::string& acceptLanguage,
                                     const std::vector<std::string>& supported, const std::string& fallback)
{
    if (acceptLanguage.empty() || supported.empty())
        return fallback;
    std::string key;
    for (const auto& tag : supported)
        key += tag + ',';
    const icu::LocaleMatcher* matcher = nullptr;
    {
        std::shared_lock<std::shared_mutex> lock(_cache->mutex);
        auto found = _cache->matchers.find(key);
        if (found != _cache->matchers.end())
            matcher = found->second.get();
    }
    if (!matcher) {
        std::vector<icu::Locale> locales;
        for (const auto& tag : supported)
            locales.push_back(localeOf(tag));
        UErrorCode status = U_ZERO_ERROR;
        auto built =
            std::make_unique<icu::LocaleMatcher>(icu::LocaleMatcher::Builder()
                                                     .setSupportedLocales(locales.begin(), locales.end())
                                                     .setNoDefaultLocale()
                                                     .build(status));
        if (U_FAILURE(status))
            return fallback;
        std::unique_lock<std::shared_mutex> lock(_cache->mutex);
        matcher = _cache->matchers.emplace(key, std::move(built)).first->second.get();
    }
    const std::vector<icu::Locale> wanted = acceptedLocales(acceptLanguage);
    if (wanted.empty())
        return fallback;
    icu::Locale::RangeIterator<std::vector<icu::Locale>::const_iterator> ranges(wanted.begin(), wanted.end());
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale* best = matcher->getBestMatch(ranges, status);
    if (U_FAILURE(status) || !best)
        return fallback;
    for (const auto& tag : supported)
        if (localeOf(tag) == *best)
            return tag;
    return fallback;
}

sdk::Locales& languageData()
{
    static IcuLocales locales("UTC");
    return locales;
}

bool isIcuMessage(const std::string& text)
{
    // "{name, plural|select|selectordinal|number|date|time": one brace, not Mustache's two.
    static const char* const types[] = {"plural", "selectordinal", "select", "number", "date", "time"};
    for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
        if ((at > 0 && text[at - 1] == '{') || (at + 1 < text.size() && text[at + 1] == '{'))
            continue;
        std::size_t i = at + 1;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i >= text.size() || !isNameStart(text[i]))
            continue;
        while (i < text.size() && isNamePart(text[i]))
            ++i;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i >= text.size() || text[i] != ',')
            continue;
        ++i;
        while (i < text.size() && text[i] == ' ')
            ++i;
        for (const char* type : types)
            if (text.compare(i, std::char_traits<char>::length(type), type) == 0)
                return true;
    }
    return false;
}

std::vector<std::string> icuArgumentNames(const std::string& pattern)
{
    std::vector<std::string> names;
    for (const auto& argument : argumentsOf(icu::UnicodeString::fromUTF8(pattern)))
        names.push_back(argument.first);
    return names;
}

} // namespace molar::host
