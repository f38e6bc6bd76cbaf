#include "accounts/Practices.h"

#include "accounts/ProfileRoutes.h"
#include "core/Clocks.h"

namespace molar::host {

namespace {

const char* COLUMNS = "id, name, address, country, phone, archived_at";

Practices::Clinic clinicAt(const sdk::ResultSet& rows, std::size_t r)
{
    Practices::Clinic c;
    c.id = rows.get(r, "id").asInt();
    c.name = rows.get(r, "name").asString();
    c.address = rows.get(r, "address").asString();
    c.country = rows.get(r, "country").asString();
    c.phone = rows.get(r, "phone").asString();
    const sdk::Value& archived = rows.get(r, "archived_at");
    c.archivedAt = archived.isNull() ? 0 : archived.asInt();
    return c;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

} // namespace

std::vector<Practices::Clinic> Practices::list(std::int64_t organizationId)
{
    auto rows = _database.query(std::string("SELECT ") + COLUMNS +
                                    " FROM molar_clinics WHERE organization_id = ?"
                                    " ORDER BY CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END, name, id",
                                {organizationId});
    std::vector<Clinic> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(clinicAt(rows, r));
    return out;
}

std::optional<Practices::Clinic> Practices::find(std::int64_t organizationId, std::int64_t clinicId)
{
    auto rows = _database.query(std::string("SELECT ") + COLUMNS +
                                    " FROM molar_clinics WHERE id = ? AND organization_id = ?"
                                    " AND archived_at IS NULL",
                                {clinicId, organizationId});
    if (rows.empty())
        return std::nullopt;
    return clinicAt(rows, 0);
}

std::int64_t Practices::add(const AccountAdministration::Manager& owner, const Input& input,
                            AccountAdministration::Errors& errors)
{
    if (owner.lab())
        throw std::logic_error("owners add clinics to their own organization");
    AccountAdministration::checkClinic(input.name, input.address, input.country, errors);
    if (!input.phone.empty() && !ProfileRoutes::isE164(input.phone))
        errors["phone"] = "profile.error.phone";
    if (!errors.empty())
        return 0;
    std::int64_t id = 0;
    _database.transaction([&](sdk::Transaction& tx) {
        id =
            tx.insert("INSERT INTO molar_clinics (organization_id, name, address, country, phone, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      {owner.organizationId, input.name, input.address, input.country, input.phone,
                       millisSinceEpoch(_clock.now())});
        _audit.record(tx, owner.actor,
                      {"clinic.created", "clinic", std::to_string(id), owner.organizationId, input.name});
    });
    return id;
}

Practices::Removal Practices::remove(const AccountAdministration::Manager& owner, std::int64_t clinicId,
                                     std::vector<std::string>& holders)
{
    if (owner.lab())
        throw std::logic_error("owners remove their own organization's clinics");
    if (!find(owner.organizationId, clinicId))
        return Removal::NotFound;
    // Asked before the transaction: plugins read their own tables through their own
    // connections, which a write transaction held here could block on SQLite.
    holders = _holders ? _holders(clinicId) : std::vector<std::string>{};
    Removal outcome = Removal::NotFound;
    _database.transaction([&](sdk::Transaction& tx) {
        auto rows = tx.query("SELECT id, name FROM molar_clinics WHERE organization_id = ?"
                             " AND archived_at IS NULL ORDER BY id",
                             {owner.organizationId});
        std::string name;
        for (std::size_t r = 0; r < rows.size(); ++r)
            if (rows.get(r, "id").asInt() == clinicId)
                name = rows.get(r, "name").asString();
        if (name.empty())
            return;
        if (rows.size() < 2) {
            outcome = Removal::LastClinic;
            return;
        }
        const std::string id = std::to_string(clinicId);
        if (holders.empty()) {
            tx.execute("DELETE FROM molar_clinics WHERE id = ? AND organization_id = ?",
                       {clinicId, owner.organizationId});
            _audit.record(tx, owner.actor, {"clinic.removed", "clinic", id, owner.organizationId, name});
            outcome = Removal::Deleted;
        } else {
            tx.execute("UPDATE molar_clinics SET archived_at = ? WHERE id = ? AND organization_id = ?",
                       {millisSinceEpoch(_clock.now()), clinicId, owner.organizationId});
            _audit.record(tx, owner.actor,
                          {"clinic.archived", "clinic", id, owner.organizationId,
                           name + " (records kept by " + joined(holders) + ")"});
            outcome = Removal::Archived;
        }
    });
    return outcome;
}

} // namespace molar::host
