#include "BankRoutes.h"

#include "Iban.h"
#include "StatementLine.h"
#include "Text.h"
#include "TransferReference.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <chrono>
#include <ctime>

namespace molar::paybank {

namespace {

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

BankRoutes::BankRoutes(sdk::Host& host, ReferenceStore& references, ReceiptRecorder& recorder,
                       const BankProvider& provider)
    : _host(host), _references(references), _recorder(recorder), _provider(provider)
{
}

void BankRoutes::registerRoutes(sdk::Routes& routes)
{
    const std::string base = path;
    routes.add("GET", base, sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { home(request, response); });
    routes.add("GET", base + "/references/{reference}", sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { reference(request, response); });
    routes.add("POST", base + "/references/{reference}/receipts", sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { recordTransfer(request, response); });
    sdk::RouteOptions upload;
    upload.maxBodyBytes = maxStatementBytes + 64 * 1024; // the file and the multipart framing
    routes.add(
        "POST", base + "/imports", sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { importStatement(request, response); },
        upload);
    routes.add("GET", base + "/imports/{id}", sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { importResult(request, response); });
}

std::string BankRoutes::money(const sdk::Request& request, std::int64_t minor,
                              const std::string& currency) const
{
    return _host.locales().money({minor, currency}, request.language());
}

std::string BankRoutes::valueDay(const sdk::Request& request, const std::string& isoDay) const
{
    if (isoDay.size() != 10 || isoDay[4] != '-' || isoDay[7] != '-')
        return isoDay;
    try {
        return _host.locales().day(std::stoi(isoDay.substr(0, 4)), std::stoi(isoDay.substr(5, 2)),
                                   std::stoi(isoDay.substr(8, 2)), request.language());
    } catch (const std::exception&) {
        return isoDay; // not digits, or no such day
    }
}

std::string BankRoutes::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

std::string BankRoutes::t(const sdk::Request& request, const std::string& key,
                          const std::vector<std::pair<std::string, std::string>>& values) const
{
    std::string text = t(request, key);
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + name + "}";
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

void BankRoutes::requireClerk(const sdk::Request& request)
{
    const auto& principal = request.principal();
    if (!principal || principal->side != "lab" ||
        (principal->role != "admin" && principal->role != "billing"))
        throw sdk::HttpError(403, t(request, "pay-bank.error.role"));
}

std::string BankRoutes::today(int daysAhead) const
{
    const std::time_t now =
        std::chrono::system_clock::to_time_t(_host.clock().now() + std::chrono::hours(24 * daysAhead));
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[16];
    std::strftime(text, sizeof(text), "%Y-%m-%d", &utc);
    return text;
}

sdk::Value BankRoutes::balanceRow(const sdk::Request& request, const ReferenceBalance& balance) const
{
    const KnownReference& r = balance.reference;
    const std::int64_t outstanding = r.amountMinor - balance.receivedMinor;
    const std::string state = balance.receivedMinor <= 0 ? "awaiting" : outstanding > 0 ? "partly" : "paid";
    return sdk::Value::object({{"reference", r.reference},
                               {"href", std::string(path) + "/references/" + r.reference},
                               {"purposeReference", r.purposeReference},
                               {"expected", money(request, r.amountMinor, r.currency)},
                               {"received", money(request, balance.receivedMinor, r.currency)},
                               {"outstanding", money(request, outstanding > 0 ? outstanding : 0, r.currency)},
                               {"state", t(request, "pay-bank.state." + state)}});
}

void BankRoutes::home(sdk::Request& request, sdk::Response& response)
{
    requireClerk(request);
    const std::string q = trim(request.query("q"));
    sdk::Value results = sdk::Value::array();
    if (!q.empty())
        for (const auto& balance : _references.search(q, 20))
            results.push(balanceRow(request, balance));
    // One match: straight to it, as a search by reference means that reference.
    if (results.size() == 1) {
        response.redirect(results.at(0).getString("href"));
        return;
    }
    sdk::Value outstanding = sdk::Value::array();
    for (const auto& balance : _references.outstanding(100))
        outstanding.push(balanceRow(request, balance));
    sdk::Value imports = sdk::Value::array();
    auto rows = _host.database().query("SELECT id, file_name, line_count, applied_count, already_count, "
                                       "unmatched_count FROM pay_bank_imports ORDER BY id DESC LIMIT 10");
    for (std::size_t i = 0; i < rows.size(); ++i)
        imports.push(
            sdk::Value::object({{"href", std::string(path) + "/imports/" + rows.get(i, "id").toString()},
                                {"fileName", rows.get(i, "file_name").toString()},
                                {"lines", rows.get(i, "line_count").asInt()},
                                {"applied", rows.get(i, "applied_count").asInt()},
                                {"already", rows.get(i, "already_count").asInt()},
                                {"unmatched", rows.get(i, "unmatched_count").asInt()}}));
    _host.views().page(
        request, response, "bank", "pay-bank.title",
        sdk::Value::object(
            {{"q", q},
             {"imports", imports},
             {"hasImports", imports.size() > 0},
             {"searched", !q.empty()},
             {"results", results},
             {"hasResults", results.size() > 0},
             {"outstanding", outstanding},
             {"hasOutstanding", outstanding.size() > 0},
             {"importHint", t(request, "pay-bank.import.hint",
                              {{"megabytes", std::to_string(maxStatementBytes / (1024 * 1024))}})}}));
}

KnownReference BankRoutes::findReference(const sdk::Request& request)
{
    requireClerk(request);
    const auto canonical = TransferReference::normalize(request.param("reference"));
    std::optional<KnownReference> found;
    if (canonical)
        found = _references.byReference(*canonical);
    if (!found)
        throw sdk::HttpError(404, t(request, "pay-bank.error.noReference"));
    return *found;
}

void BankRoutes::reference(sdk::Request& request, sdk::Response& response)
{
    const KnownReference found = findReference(request);
    referencePage(request, response, found, sdk::Value::object({{"valueDate", today()}}));
}

void BankRoutes::referencePage(sdk::Request& request, sdk::Response& response, const KnownReference& r,
                               sdk::Value form)
{
    const std::int64_t received = _references.received(_references.database(), r.id);
    const std::int64_t outstanding = r.amountMinor - received;
    sdk::Value receipts = sdk::Value::array();
    for (const Receipt& receipt : _references.receipts(r.id)) {
        std::string recordedBy;
        if (receipt.recordedBy)
            if (auto user = _host.accounts().user(receipt.recordedBy))
                recordedBy = user->displayName;
        receipts.push(sdk::Value::object(
            {{"valueDate", receipt.valueDate},
             {"valueDay", valueDay(request, receipt.valueDate)},
             {"amount", money(request, receipt.amountMinor, receipt.currency)},
             {"source", t(request, "pay-bank.source." + receipt.source)},
             {"bankTransactionId", receipt.bankTransactionId},
             {"note", receipt.note},
             {"recordedBy", recordedBy},
             {"importHref",
              receipt.importId ? std::string(path) + "/imports/" + std::to_string(receipt.importId) : ""}}));
    }
    const BankSettings& bank = _provider.settings();
    _host.views().page(
        request, response, "reference", "pay-bank.reference.title",
        sdk::Value::object(
            {{"reference", r.reference},
             {"action", std::string(path) + "/references/" + r.reference + "/receipts"},
             {"purposeReference", r.purposeReference},
             {"description", r.description},
             {"currency", r.currency},
             {"expected", money(request, r.amountMinor, r.currency)},
             {"received", money(request, received, r.currency)},
             {"outstanding", money(request, outstanding > 0 ? outstanding : 0, r.currency)},
             {"overpaid", outstanding < 0 ? money(request, -outstanding, r.currency) : std::string()},
             {"paid", outstanding <= 0},
             {"recorded", request.query("recorded") == "1"},
             {"receipts", receipts},
             {"hasReceipts", receipts.size() > 0},
             {"accountName", bank.accountName},
             {"bankName", bank.bankName},
             {"iban", Iban::printed(bank.iban)},
             {"bic", bank.bic},
             {"form", std::move(form)}}));
}

void BankRoutes::recordTransfer(sdk::Request& request, sdk::Response& response)
{
    const KnownReference r = findReference(request);
    const std::string amountText = trim(request.form("amount"));
    const std::string dateText = trim(request.form("valueDate"));
    const std::string bankId = trim(request.form("bankTransactionId"));
    const std::string note = trim(request.form("note"));
    sdk::Value errors = sdk::Value::object();
    const auto amount = sdk::parseMinorUnits(amountText, r.currency);
    if (!amount || *amount <= 0)
        errors.set("amount",
                   t(request, "pay-bank.form.amountInvalid",
                     {{"currency", r.currency}, {"example", sdk::formatMinorUnits(125050, r.currency)}}));
    else if (*amount > maxAmountMinor)
        errors.set("amount", t(request, "pay-bank.form.amountTooLarge"));
    const std::string valueDate = isoDate(dateText);
    if (valueDate.empty())
        errors.set("valueDate", t(request, "pay-bank.form.dateInvalid"));
    else if (valueDate > today(1)) // a day ahead of UTC: the lab's own date may be
        errors.set("valueDate", t(request, "pay-bank.form.dateFuture"));
    if (bankId.empty() && note.empty())
        errors.set("bankTransactionId", t(request, "pay-bank.form.idOrNote"));
    else if (countCharacters(bankId) > 120)
        errors.set("bankTransactionId", t(request, "pay-bank.form.idTooLong"));
    if (countCharacters(note) > 500)
        errors.set("note", t(request, "pay-bank.form.noteTooLong"));
    if (errors.size() > 0) {
        response.setStatus(422);
        referencePage(request, response, r,
                      sdk::Value::object({{"amount", amountText},
                                          {"valueDate", dateText},
                                          {"bankTransactionId", bankId},
                                          {"note", note},
                                          {"errors", errors}}));
        return;
    }
    try {
        _recorder.recordTransfer(sdk::Actor::of(request), r, Transfer{*amount, valueDate, bankId, note});
    } catch (const TransferAlreadyRecorded&) {
        response.setStatus(409);
        referencePage(request, response, r,
                      sdk::Value::object(
                          {{"amount", amountText},
                           {"valueDate", dateText},
                           {"bankTransactionId", bankId},
                           {"note", note},
                           {"errors", sdk::Value::object(
                                          {{"bankTransactionId", t(request, "pay-bank.form.alreadyRecorded",
                                                                   {{"value", bankId}})}})}}));
        return;
    }
    response.redirect(std::string(path) + "/references/" + r.reference + "?recorded=1");
}

void BankRoutes::importStatement(sdk::Request& request, sdk::Response& response)
{
    requireClerk(request);
    std::string content;
    std::string fileName;
    bool tooLarge = false;
    request.parts([&](const sdk::Part& part, std::istream& in) {
        if (part.name != "statement" || !fileName.empty())
            return;
        fileName = part.fileName.empty() ? "statement.csv" : part.fileName;
        char buffer[65536];
        while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
            content.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (content.size() > maxStatementBytes) {
                tooLarge = true;
                return;
            }
        }
    });
    if (tooLarge)
        throw sdk::HttpError(413, t(request, "pay-bank.import.tooLarge",
                                    {{"megabytes", std::to_string(maxStatementBytes / (1024 * 1024))}}));
    if (fileName.empty() || trim(content).empty())
        throw sdk::HttpError(400, t(request, "pay-bank.import.noFile"));
    std::vector<StatementLine> lines;
    try {
        lines = readStatement(content);
    } catch (const StatementError& e) {
        throw sdk::HttpError(422, t(request, "pay-bank.csv.line", {{"line", std::to_string(e.line())}}) +
                                      " " + t(request, e.key(), {{"value", e.detail()}}));
    }
    const ImportSummary summary = _recorder.importStatement(sdk::Actor::of(request), fileName, lines);
    response.redirect(std::string(path) + "/imports/" + std::to_string(summary.importId));
}

void BankRoutes::importResult(sdk::Request& request, sdk::Response& response)
{
    requireClerk(request);
    std::int64_t id = 0;
    try {
        id = std::stoll(request.param("id"));
    } catch (const std::exception&) {
        id = 0;
    }
    auto imports = _host.database().query("SELECT id, file_name, line_count, applied_count, already_count, "
                                          "unmatched_count, created_at FROM pay_bank_imports WHERE id = ?",
                                          {id});
    if (imports.empty())
        throw sdk::HttpError(404, t(request, "pay-bank.error.noImport"));
    auto rows =
        _host.database().query("SELECT line, outcome, reference, detail, value_date, amount_minor, currency, "
                               "description, bank_transaction_id FROM pay_bank_import_lines WHERE "
                               "import_id = ? ORDER BY line",
                               {id});
    sdk::Value matched = sdk::Value::array();
    sdk::Value unmatched = sdk::Value::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string outcome = rows.get(i, "outcome").toString();
        const std::string reference = rows.get(i, "reference").toString();
        const std::string currency = rows.get(i, "currency").toString();
        sdk::Value row = sdk::Value::object(
            {{"line", rows.get(i, "line").asInt()},
             {"reference", reference},
             {"href", reference.empty() ? std::string() : std::string(path) + "/references/" + reference},
             {"valueDate", rows.get(i, "value_date").toString()},
             {"valueDay", valueDay(request, rows.get(i, "value_date").toString())},
             {"amount", money(request, rows.get(i, "amount_minor").asInt(), currency)},
             {"description", rows.get(i, "description").toString()},
             {"bankTransactionId", rows.get(i, "bank_transaction_id").toString()}});
        if (outcome == "applied" || outcome == "already") {
            row.set("outcome", t(request, "pay-bank.outcome." + outcome));
            row.set("applied", outcome == "applied");
            matched.push(row);
        } else {
            row.set("reason",
                    t(request, "pay-bank.reason." + outcome, {{"value", rows.get(i, "detail").toString()}}));
            unmatched.push(row);
        }
    }
    _host.views().page(request, response, "import", "pay-bank.import.title",
                       sdk::Value::object({{"fileName", imports.get(0, "file_name").toString()},
                                           {"lines", imports.get(0, "line_count").asInt()},
                                           {"applied", imports.get(0, "applied_count").asInt()},
                                           {"already", imports.get(0, "already_count").asInt()},
                                           {"unmatchedCount", imports.get(0, "unmatched_count").asInt()},
                                           {"matched", matched},
                                           {"hasMatched", matched.size() > 0},
                                           {"unmatched", unmatched},
                                           {"hasUnmatched", unmatched.size() > 0},
                                           {"back", std::string(path)}}));
}

} // namespace molar::paybank
