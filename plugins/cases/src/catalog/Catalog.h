#pragma once

#include "catalog/Workflow.h"
#include "molar/sdk/Config.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace molar::cases {

// A field of a product's form, shared by the products that list it.
struct ProductField
{
    std::string name;                 // "overjet"
    std::string label;                // shown beside the input
    std::string type;                 // "choice", "text", "number" or "boolean"
    std::vector<std::string> options; // for "choice": the allowed values, in display order
    bool required = false;
    std::int64_t min = 0;   // number: smallest value
    std::int64_t max = 500; // number: largest value; text: longest length in characters
};

struct Product
{
    std::string code;     // "zirconia_crown"
    std::string name;     // "Zirconia crown"
    std::string family;   // "restorative", "aligner", ...
    std::string workflow; // a workflow's name
    int slaHours = 0;     // turnaround in the lab's working hours
    std::int64_t priceMinor = 0;
    int warrantyMonths = 0;
    std::string chart; // "teeth": per-tooth selection; "arches": upper/lower/both; "none"
    bool shade = false;
    std::vector<std::string> fields; // names of ProductFields, in form order
    // The wizard asks the patient's gender, date of birth and country, and the last
    // name where names are allowed (aligner work, as aligner portals ask them).
    bool patientDetails = false;
    // The workflow state a submitted case enters instead of the workflow's entry (direct
    // manufacturing goes straight into production); "" for the entry.
    std::string startIn;
    // File slots (upper_scan, lower_scan, ...) that must hold a file before submission,
    // and those the wizard recommends without requiring them.
    std::vector<std::string> requiredFiles;
    std::vector<std::string> recommendedFiles;
};

// The slots a case's files are uploaded in, as the case page and the wizard offer them.
const std::vector<std::string>& fileSlots();

// The lab's catalog from config: `currency`, `products`, `product.<code>.*` and
// `field.<name>.*` (see plugins/cases/config/cases.properties).
class Catalog
{
public:
    Catalog() = default;
    Catalog(std::string currency, std::vector<Product> products, std::map<std::string, ProductField> fields);

    const std::string& currency() const { return _currency; }
    const std::vector<Product>& products() const { return _products; }
    const Product* product(const std::string& code) const;
    const ProductField* field(const std::string& name) const;

    // Checks a product's field values; answers field name -> catalog key of the
    // problem ("cases.error.required", "cases.error.choice", "cases.error.number",
    // "cases.error.tooLong", "cases.error.encoding" for text that is not UTF-8),
    // empty when every value is valid. Values of fields the product does not list
    // are ignored. A value of only spaces is missing; a boolean is "true" or "false"
    // (missing is false), and a required one must be "true" (a confirmation).
    std::map<std::string, std::string> validate(const Product& product,
                                                const std::map<std::string, std::string>& values) const;

private:
    std::string _currency;
    std::vector<Product> _products;
    std::map<std::string, ProductField> _fields;
};

// Throws sdk::ConfigError naming the key: unknown workflow, SLA out of range, a
// price that is not a decimal amount, a field without a type, ...
Catalog loadCatalog(sdk::Config& config, const std::map<std::string, Workflow>& workflows);

// An amount in the currency's minor units (sdk::parseMinorUnits): "120.50" QAR -> 12050,
// "120" JPY -> 120, "1.250" KWD -> 1250; throws std::invalid_argument for anything else
// (signs, letters, more decimals than the currency has).
std::int64_t parseAmount(const std::string& text, const std::string& currency);

} // namespace molar::cases
