// The credits activity's filters as a viewer types them (?kind=&from=&to=&before=) in
// the viewer's time zone: ActivityFilter::read and query().
//
// Input: five lines: kind, from, to, before, the viewer's time zone (an IANA name or
// anything else, which counts as UTC).
//
// Properties: each value is read into the ledger's filter or leaves its field's catalog
// key, never both; a day is read as the zone's first instant of it and the end as the
// next day's, which LocalTime writes back as that day (unless the zone skipped the whole
// day); the end comes after the start; the cursor is the number typed; query() holds only
// letters, digits, '-', '_', '=' and '&', and read again gives the same filter.
#include "FuzzCheck.h"

#include "web/ActivityFilter.h"
#include "web/LocalTime.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

using namespace molar::credits;

namespace {

bool isCatalogKey(const std::string& field, const std::string& key)
{
    if (field == "kind")
        return key == "credits.activity.error.kind";
    if (field == "from")
        return key == "credits.activity.error.date";
    if (field == "to")
        return key == "credits.activity.error.date" || key == "credits.activity.error.order";
    if (field == "before")
        return key == "credits.activity.error.cursor";
    return false;
}

// The day a start of day read back, when the zone did not skip the whole day.
void checkDay(const std::string& day, const std::string& zone)
{
    const auto start = LocalTime::startOfDay(day, zone);
    const auto end = LocalTime::endOfDay(day, zone);
    MOLAR_FUZZ_CHECK(start && end && *end >= *start, "a day has a start and an end not before it");
    if (*end == *start)
        return; // a day the zone skipped (Pacific/Apia's 2011-12-30)
    MOLAR_FUZZ_CHECK(LocalTime::date(*start, zone) == day, "the day's first instant is on that day");
    MOLAR_FUZZ_CHECK(LocalTime::date(*end - 1, zone) == day, "the instant before the end is on that day");
}

std::map<std::string, std::string> parametersOf(const std::string& query)
{
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
        auto end = query.find('&', start);
        if (end == std::string::npos)
            end = query.size();
        const std::string pair = query.substr(start, end - start);
        const auto eq = pair.find('=');
        MOLAR_FUZZ_CHECK(eq != std::string::npos && eq > 0, "query() is name=value pairs");
        MOLAR_FUZZ_CHECK(out.count(pair.substr(0, eq)) == 0, "each name once");
        out[pair.substr(0, eq)] = pair.substr(eq + 1);
        start = end + 1;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto lines = molar::test::fuzzInputLines(std::string(reinterpret_cast<const char*>(data), size), 5);
    const std::string &kind = lines[0], &from = lines[1], &to = lines[2], &before = lines[3],
                      &zone = lines[4];
    const ActivityFilter filter = ActivityFilter::read(kind, from, to, before, zone);
    const auto& ledger = filter.ledger;

    for (const auto& [field, key] : filter.errors)
        MOLAR_FUZZ_CHECK(isCatalogKey(field, key), "an error names a field and its catalog key");

    const auto& kinds = ActivityFilter::kinds();
    MOLAR_FUZZ_CHECK(ledger.kind.empty() || std::find(kinds.begin(), kinds.end(), ledger.kind) != kinds.end(),
                     "a kind of the ledger's");
    MOLAR_FUZZ_CHECK(ledger.kind == (filter.errors.count("kind") ? std::string() : kind),
                     "the kind or its error");

    if (!from.empty() && !filter.errors.count("from")) {
        MOLAR_FUZZ_CHECK(ledger.fromMs == LocalTime::startOfDay(from, zone),
                         "from is its day's first instant");
        checkDay(from, zone);
    } else {
        MOLAR_FUZZ_CHECK(ledger.fromMs == 0, "no start without a day");
    }
    if (!to.empty() && !filter.errors.count("to")) {
        MOLAR_FUZZ_CHECK(ledger.toMs == LocalTime::endOfDay(to, zone), "to ends with its day");
        checkDay(to, zone);
    } else {
        MOLAR_FUZZ_CHECK(ledger.toMs == 0, "no end without a day");
    }
    if (ledger.fromMs != 0 && ledger.toMs != 0)
        MOLAR_FUZZ_CHECK(ledger.toMs > ledger.fromMs, "the end comes after the start");

    if (!before.empty() && !filter.errors.count("before"))
        MOLAR_FUZZ_CHECK(ledger.beforeId >= 0 &&
                             std::to_string(ledger.beforeId) ==
                                 before.substr(std::min(before.find_first_not_of('0'), before.size() - 1)),
                         "the cursor is the number typed");
    else
        MOLAR_FUZZ_CHECK(ledger.beforeId == 0, "no cursor without a number");

    // The next page's link: safe as it is, and read again the same filter.
    const std::string query = filter.query();
    MOLAR_FUZZ_CHECK(
        query.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=&") ==
            std::string::npos,
        "query() needs no encoding");
    auto parameters = parametersOf(query);
    const ActivityFilter again =
        ActivityFilter::read(parameters["kind"], parameters["from"], parameters["to"], "", zone);
    MOLAR_FUZZ_CHECK(again.errors.empty(), "query() reads back without errors");
    MOLAR_FUZZ_CHECK(again.ledger.kind == ledger.kind && again.ledger.fromMs == ledger.fromMs &&
                         again.ledger.toMs == ledger.toMs,
                     "query() reads back as the same filter");
    return 0;
}
