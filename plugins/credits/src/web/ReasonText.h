#pragma once

#include "CreditsSettings.h"
#include "ledger/LedgerEntry.h"

#include <string>
#include <utility>
#include <vector>

namespace molar::credits {

// A ledger entry's reason in the reader's words: the portal's own reasons from their catalog
// key, with amounts in the reader's form, a pack by its name in their language and a top-up
// by its reference; a person's reason as typed. An entry written before reasons had keys, or
// missing a field its key needs, shows the English text it was stored with.
// `Viewer` is a ClinicViewer or a LabViewer.
template <class Viewer>
std::string reasonText(const Viewer& viewer, const CreditsSettings& settings, const LedgerEntry& entry)
{
    const auto& fields = entry.words.fields;
    const auto has = [&](const char* name) { return fields.count(name) != 0; };
    if (entry.words.key.empty() || !has("topup"))
        return entry.reason;
    std::vector<std::pair<std::string, std::string>> values{
        {"reference", topUpReference(std::stoll(fields.at("topup")))}};
    for (const char* amount : {"amount", "shortfall", "balance"})
        if (has(amount))
            values.emplace_back(amount, viewer.money(std::stoll(fields.at(amount)), entry.currency));
    if (has("pack")) {
        const std::string& code = fields.at("pack");
        const Pack* pack = settings.pack(code);
        const std::string key = "credits.packName." + code;
        const std::string words = viewer.t(key);
        values.emplace_back("pack", words != key ? words : pack ? pack->name : code);
    }
    const std::string text = viewer.t(entry.words.key, values);
    // A key no catalog knows, or a placeholder left unfilled: the stored words say it better.
    if (text == entry.words.key || text.find('{') != std::string::npos)
        return entry.reason;
    return text;
}

} // namespace molar::credits
