#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

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
    std::string timeZone = "UTC";
    std::string status = "active"; // pending, blocked, active
    std::string passwordHash;
    bool mustChangePassword = false;

    std::string displayName() const { return firstName + " " + lastName; }
};

bool isValidRole(const std::string& side, const std::string& role);

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
    // By email or username, case-insensitively.
    std::optional<UserRecord> findByLogin(sdk::SqlRunner& sql, const std::string& login);
    std::optional<std::string> organizationReference(sdk::SqlRunner& sql, std::int64_t organizationId);

    void setPassword(sdk::Transaction& tx, std::int64_t userId, const std::string& hash, bool mustChange,
                     std::int64_t nowMs);
};

std::string normalizeLogin(const std::string& login);

} // namespace molar::host
