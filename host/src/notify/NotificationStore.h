#pragma once

#include "db/PooledDatabase.h"

#include "molar/sdk/Notifications.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// A message as molar_notifications keeps it.
struct StoredMessage
{
    std::int64_t id = 0;
    std::string eventKey;
    std::string event;
    std::string rule;
    std::int64_t userId = 0;
    std::string channel;
    std::string address;
    std::string recipientName;
    std::string language;
    std::string summary; // subject, or the template name: what admins see
    sdk::OutgoingMessage content;
    // A secret made only at delivery (a reset link): "<payload field>:<id>:<placeholder>",
    // the placeholder standing in the content for the secret; empty for most messages.
    std::string secret;
    bool sensitive = false;
    std::string status; // pending, sending, sent, failed
    int attempts = 0;
    int retries = 0;
    std::string lastError;
    std::string providerId;
    std::string providerStatus;
    std::string providerDetail;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::int64_t sentAt = 0;
};

struct MessageQuery
{
    std::string status; // "" for every status
    std::int64_t beforeId = 0;
    int limit = 50;
};

// SQL for molar_notifications. A message moves pending -> sending -> sent | failed;
// a worker holds it while sending through a claim token with an expiry, so two
// workers never send it at once and a dead worker's claim runs out.
class NotificationStore
{
public:
    explicit NotificationStore(PooledDatabase& db) : _db(db) {}

    // Adds the message in `tx` unless one already exists for its event, recipient
    // and channel; returns the new id, or 0 when it existed.
    std::int64_t insertOnce(sdk::Transaction& tx, const StoredMessage& message, std::int64_t now);
    std::optional<StoredMessage> find(std::int64_t id);

    // Claims a pending message (or one whose claim ran out); false when it is sent,
    // failed, or held by a live claim.
    bool claim(std::int64_t id, const std::string& token, std::int64_t now, std::int64_t until);
    // Each of these succeeds only while `token` still holds the claim.
    bool renewClaim(std::int64_t id, const std::string& token, std::int64_t until);
    bool markSent(std::int64_t id, const std::string& token, const std::string& providerId, bool erase,
                  std::int64_t now);
    bool markRetrying(std::int64_t id, const std::string& token, const std::string& error, std::int64_t now);
    bool markFailed(std::int64_t id, const std::string& token, const std::string& error, std::int64_t now);
    // An admin's retry of a failed message: back to pending with its attempts reset.
    // Returns the new retry count, or nothing when the message is not failed.
    std::optional<int> reopen(sdk::Transaction& tx, std::int64_t id, std::int64_t now);
    // A provider's delivery report; false when no message of the channel has the id.
    bool recordDelivery(const sdk::DeliveryReport& report, std::int64_t now);

    std::vector<StoredMessage> list(const MessageQuery& query);
    // Messages of a status as admins see it ("pending" includes those being sent).
    std::int64_t count(const std::string& status);

private:
    PooledDatabase& _db;
};

std::string deliveryStateName(sdk::DeliveryState state);

} // namespace molar::host
