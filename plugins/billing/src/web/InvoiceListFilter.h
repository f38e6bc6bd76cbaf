#pragma once

#include "invoices/InvoiceStore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::billing {

// Digits only, at most 18: an invoice's id or a list's cursor as a URL writes it; 0 for
// anything else (no id is 0).
std::int64_t idFromText(const std::string& text);

// The states an invoice list offers to filter by: clinics never see drafts.
std::vector<InvoiceState> filterStates(bool lab);

// An invoice list's filters as the reader typed them (?state=&before=&organization=;
// organization on the lab's list only), read into the store's query. The first value that
// is not one leaves its catalog key in `error`, and the route refuses the request (400).
struct InvoiceListFilter
{
    InvoiceQuery query; // states, beforeId and organizationId; the rest at their defaults
    std::string error;  // "billing.page.error.state", ".cursor" or ".organization"; "" when read

    static InvoiceListFilter read(const std::string& state, const std::string& before,
                                  const std::string& organization, bool lab);
    // The next page's query string, "?before=<id>" with the same filters.
    std::string nextQuery(std::int64_t nextBeforeId) const;
};

} // namespace molar::billing
