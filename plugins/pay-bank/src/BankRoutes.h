#pragma once

#include "BankProvider.h"
#include "ReceiptRecorder.h"
#include "ReferenceStore.h"

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::paybank {

// The billing clerk's pages under /lab/payments/bank (lab roles admin and billing):
// find a reference or an invoice number, see what it asks and what came in, record
// a transfer received, import a bank statement and read what became of each line.
class BankRoutes
{
public:
    static constexpr const char* path = "/lab/payments/bank";
    // The largest statement file taken.
    static constexpr std::size_t maxStatementBytes = 4 * 1024 * 1024;

    BankRoutes(sdk::Host& host, ReferenceStore& references, ReceiptRecorder& recorder,
               const BankProvider& provider);
    void registerRoutes(sdk::Routes& routes);

private:
    void home(sdk::Request& request, sdk::Response& response);
    void reference(sdk::Request& request, sdk::Response& response);
    void recordTransfer(sdk::Request& request, sdk::Response& response);
    void importStatement(sdk::Request& request, sdk::Response& response);
    void importResult(sdk::Request& request, sdk::Response& response);

    // Throws 403 unless the caller is a lab admin or the billing clerk.
    void requireClerk(const sdk::Request& request);
    KnownReference findReference(const sdk::Request& request);
    void referencePage(sdk::Request& request, sdk::Response& response, const KnownReference& reference,
                       sdk::Value form);
    std::string t(const sdk::Request& request, const std::string& key) const;
    // An amount in the reader's language: "QAR 1,250.50".
    std::string money(const sdk::Request& request, std::int64_t minor, const std::string& currency) const;
    // A value date ("2026-05-12") as the reader writes it; a text that is no date stays as it is.
    std::string valueDay(const sdk::Request& request, const std::string& isoDay) const;
    // A catalog message with {name} placeholders filled.
    std::string t(const sdk::Request& request, const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;
    sdk::Value balanceRow(const sdk::Request& request, const ReferenceBalance& balance) const;
    // The UTC date (YYYY-MM-DD), `daysAhead` days on.
    std::string today(int daysAhead = 0) const;

    sdk::Host& _host;
    ReferenceStore& _references;
    ReceiptRecorder& _recorder;
    const BankProvider& _provider;
};

} // namespace molar::paybank
