#include "payments/SavedMethodStore.h"

namespace molar::host {

namespace {

const char* const METHOD_COLUMNS =
    "id, organization_id, provider, provider_method_id, brand, last4, exp_month,"
    " exp_year, is_default, saved_at, removed_at";

const char* const SETUP_COLUMNS = "id, organization_id, provider, provider_setup_id, state, method_id";

std::string text(const sdk::Value& v)
{
    return v.isNull() ? std::string() : v.asString();
}

std::int64_t number(const sdk::Value& v)
{
    return v.isNull() ? 0 : v.asInt();
}

// Values from a provider are cut to their column, so an odd one cannot fail the transaction.
std::string clip(const std::string& s, std::size_t n)
{
    return s.size() <= n ? s : s.substr(0, n);
}

sdk::Value orNull(const std::string& s, std::size_t n)
{
    return s.empty() ? sdk::Value() : sdk::Value(clip(s, n));
}

// An expiry the provider got wrong is shown as none rather than refused.
int month(int m)
{
    return m >= 1 && m <= 12 ? m : 0;
}

int year(int y)
{
    return y >= 1000 && y <= 9999 ? y : 0;
}

std::string forUpdate(sdk::Transaction& tx)
{
    // SQLite's transactions hold the write lock from their start (BEGIN IMMEDIATE).
    return tx.dialect() == sdk::Dialect::MySQL ? " FOR UPDATE" : "";
}

std::string updateIgnore(sdk::Transaction& tx)
{
    return tx.dialect() == sdk::Dialect::SQLite ? "UPDATE OR IGNORE" : "UPDATE IGNORE";
}

std::vector<sdk::SavedPaymentMethod> methodsFrom(const sdk::ResultSet& rows,
                                                 std::vector<bool>* removed = nullptr)
{
    std::vector<sdk::SavedPaymentMethod> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows.row(i);
        sdk::SavedPaymentMethod m;
        m.id = number(r.at(0));
        m.organizationId = number(r.at(1));
        m.provider = text(r.at(2));
        m.method.providerMethodId = text(r.at(3));
        m.method.brand = text(r.at(4));
        m.method.last4 = text(r.at(5));
        m.method.expMonth = static_cast<int>(number(r.at(6)));
        m.method.expYear = static_cast<int>(number(r.at(7)));
        m.isDefault = number(r.at(8)) == 1;
        m.savedAtMillis = number(r.at(9));
        if (removed)
            removed->push_back(!r.at(10).isNull());
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<MethodSetupRow> setupFrom(const sdk::ResultSet& rows)
{
    if (rows.empty())
        return std::nullopt;
    const auto& r = rows.row(0);
    return MethodSetupRow{text(r.at(0)), number(r.at(1)), text(r.at(2)),
                          text(r.at(3)), text(r.at(4)),   number(r.at(5))};
}

std::optional<sdk::SavedPaymentMethod> first(const sdk::ResultSet& rows, bool* removed)
{
    std::vector<bool> gone;
    auto found = methodsFrom(rows, &gone);
    if (found.empty())
        return std::nullopt;
    if (removed)
        *removed = gone.front();
    return found.front();
}

} // namespace

void SavedMethodStore::insertSetup(sdk::SqlRunner& sql, const MethodSetupRow& s, std::int64_t now)
{
    sql.execute("INSERT INTO molar_payment_setups (id, organization_id, provider, provider_setup_id, state,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {s.id, s.organizationId, s.provider, orNull(s.providerSetupId, 190), s.state, now, now});
}

std::optional<MethodSetupRow> SavedMethodStore::setup(sdk::SqlRunner& sql, const std::string& id)
{
    return setupFrom(
        sql.query(std::string("SELECT ") + SETUP_COLUMNS + " FROM molar_payment_setups WHERE id = ?", {id}));
}

std::optional<MethodSetupRow> SavedMethodStore::lockSetup(sdk::Transaction& tx, const std::string& id)
{
    return setupFrom(tx.query(std::string("SELECT ") + SETUP_COLUMNS +
                                  " FROM molar_payment_setups WHERE id = ?" + forUpdate(tx),
                              {clip(id, 64)}));
}

std::optional<MethodSetupRow> SavedMethodStore::lockSetupByProviderId(sdk::Transaction& tx,
                                                                      const std::string& provider,
                                                                      const std::string& providerSetupId)
{
    if (providerSetupId.empty())
        return std::nullopt;
    return setupFrom(tx.query(std::string("SELECT ") + SETUP_COLUMNS +
                                  " FROM molar_payment_setups WHERE provider = ? AND provider_setup_id = ?"
                                  " ORDER BY created_at LIMIT 1" +
                                  forUpdate(tx),
                              {provider, clip(providerSetupId, 190)}));
}

void SavedMethodStore::updateSetup(sdk::SqlRunner& sql, const std::string& id, const std::string& state,
                                   const std::string& providerSetupId, std::int64_t methodId,
                                   std::int64_t now)
{
    sql.execute(
        "UPDATE molar_payment_setups SET state = ?, provider_setup_id = COALESCE(provider_setup_id, ?),"
        " method_id = ?, updated_at = ? WHERE id = ?",
        {state, orNull(providerSetupId, 190), methodId ? sdk::Value(methodId) : sdk::Value(), now, id});
}

void SavedMethodStore::lockOrganization(sdk::Transaction& tx, std::int64_t organizationId)
{
    // Along the primary key, so that every transaction takes the rows in the same
    // order: through a secondary index (the optimizer's choice, changing with the
    // table) two savers took them in different orders and deadlocked. Rows of other
    // organizations are let go once read (READ COMMITTED).
    if (tx.dialect() == sdk::Dialect::MySQL)
        tx.query("SELECT id FROM molar_payment_methods FORCE INDEX (PRIMARY) WHERE organization_id = ?"
                 " ORDER BY id FOR UPDATE",
                 {organizationId});
}

std::optional<sdk::SavedPaymentMethod> SavedMethodStore::method(sdk::SqlRunner& sql, std::int64_t id,
                                                                bool* removed)
{
    return first(
        sql.query(std::string("SELECT ") + METHOD_COLUMNS + " FROM molar_payment_methods WHERE id = ?", {id}),
        removed);
}

std::optional<sdk::SavedPaymentMethod>
SavedMethodStore::methodOf(sdk::SqlRunner& sql, std::int64_t organizationId, const std::string& provider,
                           const std::string& providerMethodId, bool* removed)
{
    return first(sql.query(std::string("SELECT ") + METHOD_COLUMNS +
                               " FROM molar_payment_methods WHERE organization_id = ? AND provider = ?"
                               " AND provider_method_id = ?",
                           {organizationId, provider, clip(providerMethodId, 190)}),
                 removed);
}

std::int64_t SavedMethodStore::insertMethod(sdk::Transaction& tx, std::int64_t organizationId,
                                            const std::string& provider, const sdk::SavedMethod& m,
                                            std::int64_t now)
{
    return tx.insert(
        "INSERT INTO molar_payment_methods (organization_id, provider, provider_method_id, brand,"
        " last4, exp_month, exp_year, is_default, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
        {organizationId, provider, clip(m.providerMethodId, 190), clip(m.brand, 32), clip(m.last4, 4),
         month(m.expMonth), year(m.expYear), now});
}

void SavedMethodStore::restoreMethod(sdk::Transaction& tx, std::int64_t id, const sdk::SavedMethod& m,
                                     std::int64_t now)
{
    tx.execute("UPDATE molar_payment_methods SET brand = ?, last4 = ?, exp_month = ?, exp_year = ?,"
               " saved_at = ?, removed_at = NULL WHERE id = ?",
               {clip(m.brand, 32), clip(m.last4, 4), month(m.expMonth), year(m.expYear), now, id});
}

std::vector<sdk::SavedPaymentMethod> SavedMethodStore::methods(sdk::SqlRunner& sql,
                                                               std::int64_t organizationId)
{
    // is_default is 1 or NULL: COALESCE sorts the default first on both databases.
    return methodsFrom(sql.query(std::string("SELECT ") + METHOD_COLUMNS +
                                     " FROM molar_payment_methods WHERE organization_id = ? AND removed_at IS"
                                     " NULL ORDER BY COALESCE(is_default, 0) DESC, saved_at DESC, id DESC",
                                 {organizationId}));
}

bool SavedMethodStore::defaultUnlessAny(sdk::Transaction& tx, std::int64_t organizationId, std::int64_t id)
{
    // The unique index (organization_id, is_default) ignores this when a default exists.
    tx.execute(updateIgnore(tx) +
                   " molar_payment_methods SET is_default = 1 WHERE id = ? AND organization_id = ?"
                   " AND removed_at IS NULL",
               {id, organizationId});
    auto rows = tx.query("SELECT is_default FROM molar_payment_methods WHERE id = ?", {id});
    return !rows.empty() && number(rows.row(0).at(0)) == 1;
}

void SavedMethodStore::makeDefault(sdk::Transaction& tx, std::int64_t organizationId, std::int64_t id)
{
    tx.execute(
        "UPDATE molar_payment_methods SET is_default = NULL WHERE organization_id = ? AND is_default = 1"
        " AND id <> ?",
        {organizationId, id});
    tx.execute("UPDATE molar_payment_methods SET is_default = 1 WHERE id = ? AND organization_id = ?",
               {id, organizationId});
}

bool SavedMethodStore::markRemoved(sdk::Transaction& tx, std::int64_t id, std::int64_t now)
{
    return tx.execute("UPDATE molar_payment_methods SET removed_at = ?, is_default = NULL WHERE id = ?"
                      " AND removed_at IS NULL",
                      {now, id}) == 1;
}

} // namespace molar::host
