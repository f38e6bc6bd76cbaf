// My cases' parameters as a browser may send them: parseCursor and formatCursor,
// localDateToUtc in zones with odd midnights, and CaseListPresenter::read over q,
// status, product, the four dates and after, then view's next-page address. Checks
// that a cursor reads back what was written and only well-formed ones are read, that
// a date is accepted only as YYYY-MM-DD and becomes the first instant of that local
// day (a "to" date the first instant of the next), that the query and the errors say
// the same as the parameters, and that the next page's address keeps the filters.
#include "FuzzCheck.h"
#include "PageFixtures.h"

#include "store/CaseNumbers.h"
#include "web/CaseListPresenter.h"
#include "web/RequestParams.h"

#include <date/tz.h>
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace molar;
using namespace molar::cases;

namespace {

std::unique_ptr<cases::test::ShippedCatalog> shipped;
std::unique_ptr<CaseListOptions> options;
cases::test::KeyWords words;

// Zones whose midnight is skipped, repeated or not on the hour, among plain ones.
const std::vector<std::string> zones{
    "UTC",          "Europe/Paris",   "America/Sao_Paulo",   "America/Havana",   "Asia/Tehran",
    "Pacific/Apia", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Santiago", "Africa/Casablanca"};

const char* dateFields[] = {"createdFrom", "createdTo", "updatedFrom", "updatedTo"};

bool isDigits(const std::string& text, std::size_t from, std::size_t count)
{
    for (std::size_t i = from; i < from + count; ++i)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

// The day of `text` when it is YYYY-MM-DD with digits alone and names a real day.
std::optional<date::local_days> strictDate(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !isDigits(text, 0, 4) ||
        !isDigits(text, 5, 2) || !isDigits(text, 8, 2))
        return std::nullopt;
    const date::year_month_day ymd{date::year{std::stoi(text.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (!ymd.ok())
        return std::nullopt;
    return date::local_days{ymd};
}

date::local_seconds localTime(const date::time_zone* zone, std::int64_t utc)
{
    return zone->to_local(date::sys_seconds{std::chrono::seconds{utc}});
}

// True when `utc` is the first instant of local day `day` in `zone`: the local time is
// on that day or later, and a second before it was on an earlier day.
bool startsDay(std::int64_t utc, const date::time_zone* zone, date::local_days day)
{
    return localTime(zone, utc) >= day && localTime(zone, utc - 1) < day;
}

void checkDate(const std::string& text, const std::string& zone)
{
    bool valid = false;
    const std::int64_t utc = localDateToUtc(text, zone, valid);
    if (!valid || text.empty()) {
        MOLAR_FUZZ_CHECK(utc == 0, "an empty or refused date is 0");
        MOLAR_FUZZ_CHECK(valid == text.empty() || !strictDate(text), "a real YYYY-MM-DD date is accepted");
        return;
    }
    const std::optional<date::local_days> day = strictDate(text);
    MOLAR_FUZZ_CHECK(day.has_value(), "a date is accepted only as YYYY-MM-DD");
    MOLAR_FUZZ_CHECK(startsDay(utc, date::locate_zone(zone), *day),
                     "a date is the first instant of its local day");
}

void checkCursor(const std::string& text)
{
    std::int64_t updatedAt = -1;
    std::int64_t id = -1;
    if (!parseCursor(text, updatedAt, id))
        return;
    const std::size_t dot = text.find('.');
    MOLAR_FUZZ_CHECK(dot != std::string::npos && text.find('.', dot + 1) == std::string::npos,
                     "a cursor read has one dot");
    MOLAR_FUZZ_CHECK(updatedAt >= 0 && id >= 0, "a cursor holds no negative number");
    std::int64_t again = -1;
    std::int64_t againId = -1;
    MOLAR_FUZZ_CHECK(parseCursor(formatCursor(updatedAt, id), again, againId) && again == updatedAt &&
                         againId == id,
                     "a cursor read, written and read again is the same");
}

std::string decoded(const std::string& text)
{
    auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The query string of a next page's address, by name.
std::map<std::string, std::string> queryOf(const std::string& href)
{
    MOLAR_FUZZ_CHECK(href.compare(0, 7, "/cases?") == 0, "the next page is My cases");
    for (char c : href.substr(7))
        MOLAR_FUZZ_CHECK((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                             std::string_view("-_.~%=&").find(c) != std::string_view::npos,
                         "the next page's address holds unreserved characters and escapes alone");
    std::map<std::string, std::string> query;
    std::size_t start = 7;
    while (start < href.size()) {
        std::size_t end = href.find('&', start);
        if (end == std::string::npos)
            end = href.size();
        const std::string pair = href.substr(start, end - start);
        const std::size_t equals = pair.find('=');
        MOLAR_FUZZ_CHECK(equals != std::string::npos, "every parameter has a value");
        MOLAR_FUZZ_CHECK(query.emplace(pair.substr(0, equals), decoded(pair.substr(equals + 1))).second,
                         "no parameter is repeated");
        start = end + 1;
    }
    return query;
}

std::string dateText(FuzzedDataProvider& input)
{
    if (input.ConsumeBool())
        return input.ConsumeRandomLengthString(16);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", input.ConsumeIntegralInRange(0, 9999),
                  input.ConsumeIntegralInRange(0, 13), input.ConsumeIntegralInRange(0, 32));
    return text;
}

void checkPresenter(const std::map<std::string, std::string>& params, const std::string& zone,
                    std::vector<CaseRecord> rows)
{
    const Fields fields = cases::test::fields(params);
    CaseListPresenter presenter(*options, words, zone);
    presenter.read(fields);
    const CaseListQuery& query = presenter.query();
    const sdk::Value& errors = presenter.errors();
    MOLAR_FUZZ_CHECK(presenter.valid() == (errors.size() == 0), "valid means no errors");
    MOLAR_FUZZ_CHECK(query.limit == CaseListPresenter::pageSize + 1, "a page and one row more are asked for");
    MOLAR_FUZZ_CHECK(query.stage == fields("status"), "the stage is the status asked for");
    MOLAR_FUZZ_CHECK(query.patientPrefix.size() <= 64, "a patient prefix is at most 64 bytes");
    MOLAR_FUZZ_CHECK(query.number.empty() || (query.patientPrefix.empty() &&
                                              looksLikeCaseNumber(options->numberPrefix, query.number)),
                     "a case number is searched alone, and has a case number's shape");
    const std::string product = fields("product");
    MOLAR_FUZZ_CHECK(errors.has("product") == (!product.empty() && !shipped->catalog.product(product)),
                     "only an unknown product is an error");

    for (const char* name : dateFields) {
        bool valid = false;
        const std::int64_t utc = localDateToUtc(fields(name), zone, valid);
        MOLAR_FUZZ_CHECK(errors.has(name) == !valid, "a date is an error when localDateToUtc refuses it");
        const bool to = std::string(name).find("To") != std::string::npos;
        const std::int64_t asked = name == std::string("createdFrom")   ? query.createdFrom
                                   : name == std::string("createdTo")   ? query.createdTo
                                   : name == std::string("updatedFrom") ? query.updatedFrom
                                                                        : query.updatedTo;
        if (!valid || fields(name).empty())
            continue;
        if (!to) {
            MOLAR_FUZZ_CHECK(asked == utc, "a from date is its day's first instant");
        } else {
            const std::optional<date::local_days> day = strictDate(fields(name));
            MOLAR_FUZZ_CHECK(day && startsDay(asked, date::locate_zone(zone), *day + date::days{1}),
                             "a to date takes in its whole local day and no more");
        }
    }
    std::int64_t updatedAt = 0;
    std::int64_t id = 0;
    const std::string after = fields("after");
    MOLAR_FUZZ_CHECK(errors.has("after") == (!after.empty() && !parseCursor(after, updatedAt, id)),
                     "only a malformed cursor is an error");

    const bool more = rows.size() > static_cast<std::size_t>(CaseListPresenter::pageSize);
    const sdk::Value view = presenter.view(rows, {{"draft", 1}}, [](const CaseRecord& record) {
        return sdk::Value::object({{"id", record.id}});
    });
    const std::string next = view.getString("nextHref");
    MOLAR_FUZZ_CHECK(next.empty() != more, "a next page is offered when there is one");
    if (!more)
        return;
    std::map<std::string, std::string> kept = queryOf(next);
    const CaseRecord& last = rows[CaseListPresenter::pageSize - 1];
    MOLAR_FUZZ_CHECK(kept["after"] == formatCursor(last.updatedAt, last.id),
                     "the next page starts after the last row");
    kept.erase("after");
    for (const char* name :
         {"q", "status", "product", "createdFrom", "createdTo", "updatedFrom", "updatedTo"})
        MOLAR_FUZZ_CHECK(kept[name] == fields(name), "the next page keeps every filter");
    MOLAR_FUZZ_CHECK(kept.size() == 7, "the next page has the filters and the cursor alone");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    shipped = std::make_unique<cases::test::ShippedCatalog>();
    options = std::make_unique<CaseListOptions>(
        CaseListOptions{shipped->catalog,
                        "TR",
                        {"draft", "received", "manufacturing", "on_hold"},
                        [](const std::string& stage) {
                            return stage == "manufacturing" ? std::vector<std::string>{"design", "production"}
                                                            : std::vector<std::string>{stage};
                        }});
    for (const std::string& zone : zones)
        date::locate_zone(zone); // loads the zone database before the first input
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    FuzzedDataProvider input(data, size);
    const std::string zone = zones[input.ConsumeIntegralInRange<std::size_t>(0, zones.size() - 1)];

    // A cursor round trip from numbers, then one from text.
    const auto updatedAt =
        input.ConsumeIntegralInRange<std::int64_t>(0, std::numeric_limits<std::int64_t>::max());
    const auto id = input.ConsumeIntegralInRange<std::int64_t>(0, std::numeric_limits<std::int64_t>::max());
    std::int64_t readAt = -1;
    std::int64_t readId = -1;
    MOLAR_FUZZ_CHECK(parseCursor(formatCursor(updatedAt, id), readAt, readId) && readAt == updatedAt &&
                         readId == id,
                     "a cursor written is read back");
    checkCursor(input.ConsumeRandomLengthString(48));

    std::map<std::string, std::string> params;
    params["q"] = input.ConsumeRandomLengthString(80);
    params["status"] = input.ConsumeRandomLengthString(24);
    params["product"] =
        input.ConsumeBool() ? input.ConsumeRandomLengthString(24) : shipped->catalog.products().front().code;
    for (const char* name : dateFields)
        params[name] = dateText(input);
    params["after"] = input.ConsumeRandomLengthString(48);
    for (const char* name : dateFields)
        checkDate(params[name], zone);
    checkCursor(params["after"]);

    std::vector<CaseRecord> rows(input.ConsumeBool() ? CaseListPresenter::pageSize + 1 : 3);
    for (CaseRecord& row : rows) {
        row.id = input.ConsumeIntegralInRange<std::int64_t>(1, std::numeric_limits<std::int64_t>::max());
        row.updatedAt = input.ConsumeIntegralInRange<std::int64_t>(0, 4102444800);
    }
    checkPresenter(params, zone, std::move(rows));

    // A zone the viewer's settings would never hold: refused or read, never a crash.
    bool valid = false;
    localDateToUtc(params["createdFrom"], input.ConsumeRemainingBytesAsString(), valid);
    return 0;
}
