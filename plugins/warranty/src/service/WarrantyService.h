#pragma once

#include "store/Warranty.h"
#include "terms/WarrantyTerm.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace molar::warranty {

// A request the rules refuse: the HTTP status and the catalog key of the sentence.
class WarrantyRefusal : public std::runtime_error
{
public:
    WarrantyRefusal(int status, const std::string& key) : std::runtime_error(key), _status(status), _key(key)
    {
    }
    int status() const { return _status; }
    const std::string& key() const { return _key; }

private:
    int _status;
    std::string _key;
};

// The rules of warranties: issued when a case whose product carries one is first
// delivered, each issue and void audited, evented and on the case's timeline.
class WarrantyService
{
public:
    explicit WarrantyService(sdk::Host& host) : _host(host) {}

    // The `case.delivered` handler, in the delivering transaction. A case delivered
    // again keeps its first warranty; a product without a term gets none.
    void onDelivered(sdk::Transaction& tx, const sdk::Value& payload);

    // Voids a warranty (a lab admin's act; the caller checks the role). The reason is
    // required; a warranty already void is refused.
    void voidWarranty(std::int64_t id, const std::string& reason, const sdk::Actor& actor);

    // The state today, the lab's day.
    WarrantyState stateOf(const Warranty& warranty) const;
    std::string today() const;

    std::int64_t nowMs() const;

private:
    void publish(sdk::Transaction& tx, const std::string& event, const Warranty& warranty,
                 const std::string& summaryKey, const std::string& actor);

    sdk::Host& _host;
};

} // namespace molar::warranty
