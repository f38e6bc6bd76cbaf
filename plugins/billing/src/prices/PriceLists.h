#pragma once

#include "prices/PriceBook.h"
#include "prices/PriceListStore.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Plugin.h"

#include <stdexcept>
#include <string>

namespace molar::billing {

// A request the price-list rules refuse: an HTTP status and the catalog key of a
// message the user can act on.
class PriceRefusal : public std::runtime_error
{
public:
    PriceRefusal(int status, const std::string& key) : std::runtime_error(key), _status(status), _key(key) {}
    int status() const { return _status; }
    const std::string& key() const { return _key; }

private:
    int _status;
    std::string _key;
};

// The rules of price lists: the lab saves versions, the organization's owner accepts
// one. Each change commits with its audit entry.
class PriceLists
{
public:
    PriceLists(sdk::Host& host, const PriceBook& book) : _host(host), _book(book) {}

    const PriceBook& book() const { return _book; }
    // UTC milliseconds, as the rest of billing keeps times.
    std::int64_t now() const;

    enum class Saved
    {
        NewVersion, // `version` was added
        Unchanged,  // the prices are the latest version's: nothing was added
        Conflict    // someone saved the list after `from`; `version` is theirs
    };
    struct SaveResult
    {
        Saved outcome = Saved::Unchanged;
        int version = 0;
    };
    // Saves `prices` as the version after `from`, the version the editor started from.
    SaveResult save(const sdk::Actor& actor, std::int64_t organizationId, int from,
                    const CustomPrices& prices);

    enum class Accepted
    {
        Now,
        Already, // that version was accepted before (a second click)
        Stale    // the lab saved a newer version since the owner opened the page
    };
    // The owner accepts `version` of list `listId`, which must be the organization's
    // and its latest version; another organization's list is a 404.
    Accepted accept(const sdk::Actor& actor, std::int64_t organizationId, std::int64_t listId, int version);

private:
    sdk::Host& _host;
    const PriceBook& _book;
};

} // namespace molar::billing
