#include "accounts/AccountProvisioning.h"

#include "core/Clocks.h"

#include <openssl/rand.h>

#include <map>
#include <stdexcept>

namespace molar::host {

std::string temporaryPassword()
{
    static const std::string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    std::string out;
    unsigned char bytes[32];
    while (out.size() < 16) {
        if (RAND_bytes(bytes, sizeof(bytes)) != 1)
            throw std::runtime_error("the system's random generator failed");
        for (unsigned char b : bytes) {
            // Reject the top of the range so every character is equally likely.
            if (b < 256 - 256 % alphabet.size() && out.size() < 16)
                out += alphabet[b % alphabet.size()];
        }
    }
    return out;
}

std::string createLabAdmin(sdk::Database& database, const sdk::Clock& clock, const PasswordHasher& hasher,
                           sdk::Audit& audit, const std::string& email)
{
    if (email.find('@') == std::string::npos || email.size() > 254)
        throw AccountStore::AccountError("email", "account.email.invalid");
    const std::string password = temporaryPassword();
    UserRecord admin;
    admin.side = "lab";
    admin.role = "admin";
    admin.email = email;
    admin.username = normalizeLogin(email.substr(0, email.find('@')));
    admin.firstName = "Lab";
    admin.lastName = "Administrator";
    admin.passwordHash = hasher.hash(password);
    admin.mustChangePassword = true;
    AccountStore accounts;
    database.transaction([&](sdk::Transaction& tx) {
        const std::int64_t id = accounts.createUser(tx, admin, millisSinceEpoch(clock.now()));
        audit.record(tx, sdk::Actor::system("molard --create-admin"),
                     {"user.created", "user", std::to_string(id), 0, "lab admin " + normalizeLogin(email)});
    });
    return password;
}

std::vector<DemoSignIn> seedDemoAccounts(sdk::Database& database, const sdk::Clock& clock,
                                         const PasswordHasher& hasher, sdk::Audit& audit)
{
    struct Person
    {
        std::string who, side, role, org, email, username, first, last, password;
    };
    const std::vector<Person> people{
        {"Lab admin", "lab", "admin", "", "admin@lab.example", "labadmin", "Mariam", "Al-Kuwari",
         "demo lab admin"},
        {"Lab technician", "lab", "technician", "", "tech@lab.example", "technician", "Omar", "Farouk",
         "demo technician"},
        {"Lab lead (hears of low feedback scores)", "lab", "lead", "", "lead@lab.example", "lablead", "Nadia",
         "Rahman", "demo lab lead"},
        {"Lab billing clerk", "lab", "billing", "", "billing@lab.example", "billingclerk", "Huda", "Saleh",
         "demo billing clerk"},
        {"Clinic owner (Pearl Dental, 2 clinics)", "clinic", "owner", "Pearl Dental Group",
         "owner@pearl.example", "pearlowner", "Layla", "Haddad", "demo pearl owner"},
        {"Dentist (Pearl Dental)", "clinic", "dentist", "Pearl Dental Group", "dentist@pearl.example",
         "pearldentist", "Karim", "Nasser", "demo pearl dentist"},
        {"Clinic owner (Smile Studio)", "clinic", "owner", "Smile Studio", "owner@smile.example",
         "smileowner", "Sofia", "Martin", "demo smile owner"},
        {"Dentist (Smile Studio)", "clinic", "dentist", "Smile Studio", "dentist@smile.example",
         "smiledentist", "Arjun", "Mehta", "demo smile dentist"},
    };
    AccountStore accounts;
    std::vector<DemoSignIn> out;
    database.transaction([&](sdk::Transaction& tx) {
        const std::int64_t now = millisSinceEpoch(clock.now());
        std::map<std::string, std::int64_t> organizations;
        auto organization = [&](const std::string& name) -> std::int64_t {
            if (name.empty())
                return 0;
            auto found = organizations.find(name);
            if (found != organizations.end())
                return found->second;
            auto rows = tx.query("SELECT id FROM molar_organizations WHERE name = ?", {name});
            std::int64_t id = rows.empty() ? 0 : rows.row(0).at(0).asInt();
            if (id == 0) {
                id = accounts.createOrganization(tx, name, "active", now);
                if (name == "Pearl Dental Group") {
                    accounts.createClinic(tx, id, "Pearl Dental West Bay", "Tower 12, West Bay, Doha", "QA",
                                          now);
                    accounts.createClinic(tx, id, "Pearl Dental Al Sadd", "Street 870, Al Sadd, Doha", "QA",
                                          now);
                } else {
                    accounts.createClinic(tx, id, name, "Building 4, Lusail Marina, Lusail", "QA", now);
                }
                audit.record(tx, sdk::Actor::system("demo data"),
                             {"organization.created", "organization", std::to_string(id), id, name});
            }
            organizations[name] = id;
            return id;
        };
        for (const auto& p : people) {
            out.push_back({p.who, p.email, p.password});
            if (accounts.findByLogin(tx, p.email))
                continue;
            UserRecord user;
            user.side = p.side;
            user.role = p.role;
            user.organizationId = organization(p.org);
            user.email = p.email;
            user.username = p.username;
            user.firstName = p.first;
            user.lastName = p.last;
            user.phone = "+97455000000";
            user.passwordHash = hasher.hash(p.password);
            const std::int64_t id = accounts.createUser(tx, user, now);
            audit.record(tx, sdk::Actor::system("demo data"),
                         {"user.created", "user", std::to_string(id), user.organizationId, p.who});
        }
    });
    return out;
}

} // namespace molar::host
