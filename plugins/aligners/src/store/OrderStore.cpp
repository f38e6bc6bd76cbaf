#include "store/OrderStore.h"

#include "store/Columns.h"

namespace molar::aligners {

namespace {

const char* const kColumns =
    "case_id, parent_case_id, kind, ordered_by, ordered_by_name, ordered_at, note, arches, retainer_type, "
    "retainer_range, upper_steps, lower_steps, engager_templates, engagers_left_out, included, charge_minor, "
    "currency, group_case_id";

Order read(const sdk::ResultSet& rows, std::size_t i)
{
    Order o;
    o.caseId = intAt(rows, i, "case_id");
    o.parentCaseId = intAt(rows, i, "parent_case_id");
    o.kind = textAt(rows, i, "kind");
    o.orderedBy = intAt(rows, i, "ordered_by");
    o.orderedByName = textAt(rows, i, "ordered_by_name");
    o.orderedAt = intAt(rows, i, "ordered_at");
    o.note = textAt(rows, i, "note");
    o.arches = textAt(rows, i, "arches");
    o.retainerType = textAt(rows, i, "retainer_type");
    o.retainerRange = textAt(rows, i, "retainer_range");
    o.upperSteps = textAt(rows, i, "upper_steps");
    o.lowerSteps = textAt(rows, i, "lower_steps");
    o.engagerTemplates = textAt(rows, i, "engager_templates");
    o.engagersLeftOut = textAt(rows, i, "engagers_left_out");
    o.included = intAt(rows, i, "included") != 0;
    o.chargeMinor = intAt(rows, i, "charge_minor");
    o.currency = textAt(rows, i, "currency");
    o.groupCaseId = intAt(rows, i, "group_case_id");
    return o;
}

OrderFile readFile(const sdk::ResultSet& rows, std::size_t i)
{
    OrderFile f;
    f.id = intAt(rows, i, "id");
    f.orderCaseId = intAt(rows, i, "order_case_id");
    f.slot = textAt(rows, i, "slot");
    f.name = textAt(rows, i, "name");
    f.storeKey = textAt(rows, i, "store_key");
    f.sizeBytes = intAt(rows, i, "size_bytes");
    return f;
}

} // namespace

void OrderStore::insert(sdk::Transaction& tx, const Order& o, const std::vector<OrderFile>& files)
{
    // Bound one by one: gcc 12 misreads a long braced list of Values as uninitialized.
    sdk::Params params;
    params.reserve(18);
    params.emplace_back(o.caseId);
    params.emplace_back(o.parentCaseId);
    params.emplace_back(o.kind);
    params.emplace_back(o.orderedBy);
    params.emplace_back(o.orderedByName);
    params.emplace_back(o.orderedAt);
    params.emplace_back(o.note);
    params.emplace_back(o.arches);
    params.emplace_back(o.retainerType);
    params.emplace_back(o.retainerRange);
    params.emplace_back(o.upperSteps);
    params.emplace_back(o.lowerSteps);
    params.emplace_back(o.engagerTemplates);
    params.emplace_back(o.engagersLeftOut);
    params.emplace_back(o.included ? 1 : 0);
    params.emplace_back(o.chargeMinor);
    params.emplace_back(o.currency);
    params.emplace_back(o.groupCaseId);
    tx.execute(std::string("INSERT INTO aligner_orders (") + kColumns +
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               params);
    for (const auto& f : files)
        tx.execute(
            "INSERT INTO aligner_order_files (order_case_id, slot, name, store_key, size_bytes, uploaded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {o.caseId, f.slot, f.name, f.storeKey, f.sizeBytes, o.orderedAt});
}

std::optional<Order> OrderStore::find(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM aligner_orders WHERE case_id = ?", {caseId});
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

std::vector<Order> OrderStore::ofCases(sdk::SqlRunner& db, const std::vector<std::int64_t>& caseIds)
{
    std::vector<Order> orders;
    if (caseIds.empty())
        return orders;
    std::string marks;
    sdk::Params params;
    for (auto id : caseIds) {
        marks += marks.empty() ? "?" : ", ?";
        params.emplace_back(id);
    }
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM aligner_orders WHERE parent_case_id IN (" +
                     marks + ") ORDER BY ordered_at DESC, case_id DESC",
                 params);
    for (std::size_t i = 0; i < rows.size(); ++i)
        orders.push_back(read(rows, i));
    return orders;
}

std::vector<OrderFile> OrderStore::files(sdk::SqlRunner& db, std::int64_t orderCaseId)
{
    const auto rows =
        db.query("SELECT id, order_case_id, slot, name, store_key, size_bytes FROM aligner_order_files "
                 "WHERE order_case_id = ? ORDER BY id",
                 {orderCaseId});
    std::vector<OrderFile> files;
    for (std::size_t i = 0; i < rows.size(); ++i)
        files.push_back(readFile(rows, i));
    return files;
}

std::optional<OrderFile> OrderStore::file(sdk::SqlRunner& db, std::int64_t fileId)
{
    const auto rows = db.query(
        "SELECT id, order_case_id, slot, name, store_key, size_bytes FROM aligner_order_files WHERE id = ?",
        {fileId});
    if (rows.empty())
        return std::nullopt;
    return readFile(rows, 0);
}

std::vector<std::int64_t> OrderStore::group(sdk::SqlRunner& db, std::int64_t caseId)
{
    std::vector<std::int64_t> cases;
    const auto own = db.query("SELECT group_case_id FROM aligner_orders WHERE case_id = ?", {caseId});
    if (own.empty() || intAt(own, 0, "group_case_id") == 0)
        return cases;
    const auto rows = db.query("SELECT case_id FROM aligner_orders WHERE group_case_id = ? ORDER BY case_id",
                               {intAt(own, 0, "group_case_id")});
    for (std::size_t i = 0; i < rows.size(); ++i)
        cases.push_back(intAt(rows, i, "case_id"));
    return cases;
}

} // namespace molar::aligners
