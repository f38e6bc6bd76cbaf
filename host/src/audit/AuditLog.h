#pragma once

#include "db/PooledDatabase.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace molar::host {

// What a lab admin searches the audit log for. Empty or zero fields do not filter.
struct AuditQuery
{
    std::string actor;  // substring of the actor's label, case-insensitive
    std::string action; // exact, or a prefix ending in '*' ("sign_in*")
    std::string objectType, objectId;
    std::int64_t organizationId = 0;
    std::int64_t fromMs = 0, toMs = 0; // inclusive from, exclusive to; 0 = open
    std::int64_t beforeId = 0;         // keyset pagination: entries with id < beforeId
    int limit = 50;                    // clamped to 1..1000
};

// One row of molar_audit.
struct AuditRecord
{
    std::int64_t id = 0;
    std::int64_t atMs = 0;        // epoch milliseconds, UTC
    std::int64_t actorUserId = 0; // 0 for the system or an anonymous visitor
    std::string actorLabel;
    std::string address;
    std::string action;
    std::string objectType;
    std::string objectId;
    std::int64_t organizationId = 0; // 0 for none
    std::string detail;
};

// The host's audit log in molar_audit: entries are written in the caller's
// transaction (an action and its entry commit together) and never changed; the
// table's triggers refuse UPDATE and DELETE. Thread-safe.
class AuditLog : public sdk::Audit
{
public:
    AuditLog(PooledDatabase& database, const sdk::Clock& clock);

    // Throws std::invalid_argument for an empty action. Over-long fields are cut to
    // their column's length and invalid UTF-8 is replaced, so an odd value from a
    // request can never fail the caller's transaction.
    void record(sdk::Transaction& tx, const sdk::Actor& actor, const sdk::AuditEntry& entry) override;

    // Newest first (by id); the next page asks for beforeId = the last id returned.
    std::vector<AuditRecord> search(const AuditQuery& query);

    // Every matching entry as RFC 4180 CSV (CRLF line ends, header row), read 500
    // rows at a time so a large export never sits in memory. The query's beforeId
    // is honoured; its limit is not.
    void exportCsv(const AuditQuery& query, std::ostream& out);

    // 2026-11-22T20:15:03Z
    static std::string isoUtc(std::int64_t epochMs);

private:
    PooledDatabase& _database;
    const sdk::Clock& _clock;
};

} // namespace molar::host
