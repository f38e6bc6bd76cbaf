#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace molar::host {

// The people model of PRODUCT.md: an organization (a practice) has clinics and
// clinic-side users; lab-side users belong to no organization.
struct UserRecord
{
    std::int64_t id = 0;
    std::string side; // "clinic" or "lab"
    std::string role; // owner, dentist, staff | admin, technician, lead, billing
    std::int64_t organizationId = 0;
    std::string email;
    std::string username;
    std::string firstName;
    std::string lastName;
    std::string phone;
    std::string language = "en";
    std::string timeZone; // IANA name the user chose; "": the lab's (portal.timeZone)
    // pending, blocked, active. Read from the database, it is what the account may do
    // now: "blocked" while its organization is blocked, whatever its own status says.
    std::string status = "active";
    std::string ownStatus = "active"; // read only: the status set on the account itself
    bool blockedByLab = false;        // read only: a lab admin blocked it, so only the lab activates it
    bool organizationBlocked = false; // read only
    std::string passwordHash;
    bool mustChangePassword = false;

    std::string displayName() const { return firstName + " " + lastName; }
};

bool isValidRole(const std::string& side, const std::string& role);

struct OrganizationRecord
{
    std::int64_t id = 0;
    std::string name;
    std::string referenceCode;
    std::string status; // pending, blocked, active
    std::int64_t createdAt = 0;
};

struct ClinicRecord
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::string name;
    std::string address;
    std::string country; // ISO 3166 alpha-2
};

// A page of users for an owner or a lab admin. Empty or zero fields do not filter.
struct UserQuery
{
    std::int64_t organizationId = 0; // 0: every organization and the lab
    std::string search;              // every word in the first name, last name or email
    std::string status;              // pending, blocked or active
    std::int64_t afterId = 0;        // keyset paging: users with id > afterId
    int limit = 25;                  // clamped to 1..500
};

struct UserListEntry
{
    UserRecord user;
    std::string organizationName; // empty for lab users
};

struct OrganizationQuery
{
    std::string search; // in the name
    std::string status;
    std::int64_t afterId = 0;
    int limit = 25;
};

// Organizations, clinics and users in the database. Emails and usernames are
// stored lower-case and are unique; a clash throws AccountError.
class AccountStore
{
public:
    class AccountError : public std::runtime_error
    {
    public:
        AccountError(const std::string& field, const std::string& messageKey)
            : std::runtime_error(messageKey), _field(field)
        {
        }
        const std::string& field() const { return _field; }

    private:
        std::string _field;
    };

    AccountStore() = default;

    std::int64_t createOrganization(sdk::Transaction& tx, const std::string& name, const std::string& status,
                                    std::int64_t nowMs);
    std::int64_t createClinic(sdk::Transaction& tx, std::int64_t organizationId, const std::string& name,
                              const std::string& address, const std::string& country, std::int64_t nowMs);
    // Inserts `user` (its passwordHash already made); returns its id.
    std::int64_t createUser(sdk::Transaction& tx, const UserRecord& user, std::int64_t nowMs);

    std::optional<UserRecord> findById(sdk::SqlRunner& sql, std::int64_t id);
    // The user of the session whose token has this hash, read with the session in one
    // query, when the session has not expired (expires_at after `nowMs`) nor sat idle
    // (last request after `idleSinceMs`); `lastSeenMs` gets the session's last request.
    std::optional<UserRecord> findBySession(sdk::SqlRunner& sql, const std::string& tokenHash,
                                            std::int64_t nowMs, std::int64_t idleSinceMs,
                                            std::int64_t& lastSeenMs);
    // By email or username, case-insensitively.
    std::optional<UserRecord> findByLogin(sdk::SqlRunner& sql, const std::string& login);
    std::optional<std::string> organizationReference(sdk::SqlRunner& sql, std::int64_t organizationId);

    void setPassword(sdk::Transaction& tx, std::int64_t userId, const std::string& hash, bool mustChange,
                     std::int64_t nowMs);

    std::optional<OrganizationRecord> findOrganization(sdk::SqlRunner& sql, std::int64_t id);
    // The code as people type it: case and surrounding spaces do not matter.
    std::optional<OrganizationRecord> findOrganizationByReference(sdk::SqlRunner& sql,
                                                                  const std::string& code);
    std::vector<ClinicRecord> clinics(sdk::SqlRunner& sql, std::int64_t organizationId);
    // Oldest first (by id); the next page asks for afterId = the last id returned.
    std::vector<UserListEntry> searchUsers(sdk::SqlRunner& sql, const UserQuery& query);
    std::vector<OrganizationRecord> searchOrganizations(sdk::SqlRunner& sql, const OrganizationQuery& query);
    // Active owners of the organization other than `exceptUserId`.
    std::int64_t otherActiveOwners(sdk::SqlRunner& sql, std::int64_t organizationId,
                                   std::int64_t exceptUserId);

    // `byLab`: a lab admin set it, and a block by the lab is lifted by the lab only.
    void setStatus(sdk::Transaction& tx, std::int64_t userId, const std::string& status, std::int64_t nowMs,
                   bool byLab = false);
    void updateDetails(sdk::Transaction& tx, std::int64_t userId, const std::string& firstName,
                       const std::string& lastName, const std::string& phone, const std::string& role,
                       std::int64_t nowMs);
    void setOrganizationStatus(sdk::Transaction& tx, std::int64_t organizationId, const std::string& status);
};

std::string normalizeLogin(const std::string& login);

} // namespace molar::host
