#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Money.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// An organization's price list: `version` is the latest version saved (0: none yet).
struct PriceListRecord
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    int version = 0;
    std::int64_t updatedAt = 0; // UTC milliseconds
};

struct PriceListVersion
{
    int version = 0;
    std::string currency;
    std::int64_t savedBy = 0;
    std::int64_t savedAt = 0; // UTC milliseconds
};

struct PriceAgreement
{
    std::int64_t listId = 0;
    std::int64_t organizationId = 0;
    int version = 0;
    std::int64_t acceptedBy = 0;
    std::int64_t acceptedAt = 0; // UTC milliseconds
};

// A version's custom prices by product code; a product without one keeps the default.
using CustomPrices = std::map<std::string, sdk::Money>;

// The SQL of billing_price_lists, _versions, _items and billing_price_agreements.
class PriceListStore
{
public:
    static std::optional<PriceListRecord> forOrganization(sdk::SqlRunner& db, std::int64_t organizationId);
    static std::optional<PriceListRecord> byId(sdk::SqlRunner& db, std::int64_t listId);
    static std::optional<PriceListVersion> version(sdk::SqlRunner& db, std::int64_t listId, int version);
    static CustomPrices prices(sdk::SqlRunner& db, std::int64_t listId, int version);
    // The agreement in force: the highest version the owner accepted.
    static std::optional<PriceAgreement> inForce(sdk::SqlRunner& db, std::int64_t organizationId);
    static std::optional<PriceAgreement> agreement(sdk::SqlRunner& db, std::int64_t listId, int version);

    // Adds version `from + 1` of the organization's list with `prices` (making the list
    // when `from` is 0) and answers its id; none when another save moved the list past
    // `from` first. A list made at the same time by another host throws a conflict
    // DatabaseError.
    static std::optional<std::int64_t> addVersion(sdk::Transaction& tx, std::int64_t organizationId, int from,
                                                  const CustomPrices& prices, const std::string& currency,
                                                  std::int64_t savedBy, std::int64_t now);
    // The list's latest version, read so that no save moves it on before `tx` ends.
    static int lockedVersion(sdk::Transaction& tx, std::int64_t listId);
    static void addAgreement(sdk::Transaction& tx, const PriceAgreement& agreement);
};

} // namespace molar::billing
