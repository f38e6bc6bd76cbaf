// The invoice lists' filters as a reader types them (?state=&before=&organization=),
// read by InvoiceListFilter for the lab's list and a clinic's, and the next page's query.
//
// Input: three lines: state, before, organization.
//
// Properties: a filter is read whole or refused with the catalog key of its first bad
// value (state, then cursor, then organization); a state is one the list offers (never a
// draft on a clinic's), written as typed; a cursor or organization is the positive number
// typed, digits only; a clinic's list never reads an organization; the next page's query
// reads back as the same filter with the new cursor.
#include "FuzzCheck.h"

#include "web/InvoiceListFilter.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

using namespace molar::billing;

namespace {

// Whether `id` is the number `text` writes: digits only, leading zeros allowed.
bool isNumberTyped(std::int64_t id, const std::string& text)
{
    if (id <= 0 || text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    return std::to_string(id) == text.substr(text.find_first_not_of('0'));
}

std::map<std::string, std::string> parametersOf(const std::string& next)
{
    MOLAR_FUZZ_CHECK(next.rfind("?before=", 0) == 0, "the next page's query starts with its cursor");
    std::map<std::string, std::string> out;
    std::size_t start = 1;
    while (start < next.size()) {
        auto end = next.find('&', start);
        if (end == std::string::npos)
            end = next.size();
        const std::string pair = next.substr(start, end - start);
        const auto eq = pair.find('=');
        MOLAR_FUZZ_CHECK(eq != std::string::npos && out.count(pair.substr(0, eq)) == 0,
                         "name=value, each once");
        out[pair.substr(0, eq)] = pair.substr(eq + 1);
        start = end + 1;
    }
    return out;
}

void check(const std::string& state, const std::string& before, const std::string& organization, bool lab)
{
    const auto filter = InvoiceListFilter::read(state, before, organization, lab);
    const auto& q = filter.query;
    const auto offered = filterStates(lab);
    const auto code = stateFromCode(state);
    const bool stateBad =
        !state.empty() && (!code || std::find(offered.begin(), offered.end(), *code) == offered.end());
    const bool beforeBad = !before.empty() && idFromText(before) == 0;
    const bool organizationBad = lab && !organization.empty() && idFromText(organization) == 0;
    const std::string expected = stateBad          ? "billing.page.error.state"
                                 : beforeBad       ? "billing.page.error.cursor"
                                 : organizationBad ? "billing.page.error.organization"
                                                   : "";
    MOLAR_FUZZ_CHECK(filter.error == expected, "the first bad value's catalog key, or none");
    if (!filter.error.empty())
        return;

    if (state.empty())
        MOLAR_FUZZ_CHECK(q.states.empty(), "no state typed, any state");
    else
        MOLAR_FUZZ_CHECK(q.states.size() == 1 && stateCode(q.states[0]) == state &&
                             (lab || q.states[0] != InvoiceState::Draft),
                         "the state typed, one the list offers");
    MOLAR_FUZZ_CHECK(before.empty() ? q.beforeId == 0 : isNumberTyped(q.beforeId, before),
                     "the cursor typed");
    if (lab)
        MOLAR_FUZZ_CHECK(organization.empty() ? q.organizationId == 0
                                              : isNumberTyped(q.organizationId, organization),
                         "the organization typed");
    else
        MOLAR_FUZZ_CHECK(q.organizationId == 0, "a clinic's list reads no organization");
    MOLAR_FUZZ_CHECK(q.clinicId == 0 && q.caseId == 0 && q.numberPrefix.empty() && q.dueBefore == 0,
                     "nothing else filtered");

    const std::int64_t nextBeforeId = std::max<std::int64_t>(1, q.beforeId / 2);
    auto parameters = parametersOf(filter.nextQuery(nextBeforeId));
    const auto again =
        InvoiceListFilter::read(parameters["state"], parameters["before"], parameters["organization"], lab);
    MOLAR_FUZZ_CHECK(again.error.empty() && again.query.states == q.states &&
                         again.query.organizationId == q.organizationId &&
                         again.query.beforeId == nextBeforeId,
                     "the next page's query reads back as the same filter");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto lines = molar::test::fuzzInputLines(std::string(reinterpret_cast<const char*>(data), size), 3);
    check(lines[0], lines[1], lines[2], true);
    check(lines[0], lines[1], lines[2], false);
    return 0;
}
