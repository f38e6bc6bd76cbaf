// loadCatalog: `currency`, `products`, `product.<code>.*` and `field.<name>.*`,
// checked so that a mistake stops start-up with the key that holds it.
#include "catalog/Catalog.h"

#include "config/ConfigSupport.h"
#include "molar/sdk/Money.h"

#include <set>
#include <stdexcept>

namespace molar::cases {

namespace {

const std::vector<std::string> kFieldTypes{"choice", "text", "number", "boolean"};
const std::vector<std::string> kCharts{"teeth", "arches", "none"};

// A list of file slots, each known and named once, none of them in `taken`.
std::vector<std::string> readSlots(sdk::Config& config, const std::string& key,
                                   const std::vector<std::string>& taken = {})
{
    auto slots = config.getList(key, {});
    std::set<std::string> seen;
    for (const auto& slot : slots) {
        if (!contains(fileSlots(), slot))
            refuse(config, key, "file slots among " + joined(fileSlots()) + " ('" + slot + "' is not one)");
        if (!seen.insert(slot).second)
            refuse(config, key, "each slot once ('" + slot + "' is repeated)");
        if (contains(taken, slot))
            refuse(config, key, "slots not already required ('" + slot + "' is)");
    }
    return slots;
}

std::string readCurrency(sdk::Config& config)
{
    std::string currency = trimmed(config.getString("currency", ""));
    bool code = currency.size() == 3;
    for (char c : currency)
        code = code && c >= 'A' && c <= 'Z';
    if (!code)
        refuse(config, "currency", "an ISO 4217 currency code such as QAR");
    return currency;
}

ProductField readField(sdk::Config& config, const std::string& name)
{
    const std::string prefix = "field." + name + ".";
    ProductField field;
    field.name = name;
    if (!isName(name))
        refuse(config, prefix + "type", "field names in lower case ('" + name + "' is not one)");
    field.type = trimmed(config.getString(prefix + "type", ""));
    if (!contains(kFieldTypes, field.type))
        refuse(config, prefix + "type", "one of " + joined(kFieldTypes));
    field.label = trimmed(config.getString(prefix + "label", ""));
    if (field.label.empty())
        refuse(config, prefix + "label", "the text shown beside the input");
    field.required = config.getBool(prefix + "required", false);

    // Each type takes only the keys that mean something for it.
    if (field.type == "choice") {
        field.options = config.getList(prefix + "options", {});
        std::set<std::string> seen;
        for (const auto& option : field.options)
            if (option.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos ||
                !seen.insert(option).second)
                refuse(config, prefix + "options",
                       "distinct values in lower-case letters, digits and '_' ('" + option + "' is not)");
        if (field.options.empty())
            refuse(config, prefix + "options", "the values a choice allows, in display order");
    } else if (config.has(prefix + "options")) {
        refuse(config, prefix + "options", "no options for a " + field.type + " field");
    }
    if (field.type == "number") {
        field.min = config.getInt(prefix + "min", 0, -1000000000, 1000000000);
        field.max = config.getInt(prefix + "max", 500, -1000000000, 1000000000);
        if (field.max < field.min)
            refuse(config, prefix + "max",
                   "a number not below " + fullKey(prefix + "min") + " (" + std::to_string(field.min) + ")");
    } else if (config.has(prefix + "min")) {
        refuse(config, prefix + "min", "no min for a " + field.type + " field");
    }
    if (field.type == "text")
        field.max = config.getInt(prefix + "max", 500, 1, 100000);
    else if (field.type != "number" && config.has(prefix + "max"))
        refuse(config, prefix + "max", "no max for a " + field.type + " field");
    return field;
}

std::map<std::string, ProductField> readFields(sdk::Config& config)
{
    // Every defined field is read, used or not, so removing one from a product
    // does not make its definition an unknown key.
    std::map<std::string, ProductField> fields;
    for (const auto& key : keysUnder(config, "field.")) {
        std::string name = key.substr(0, key.find('.'));
        if (!fields.count(name))
            fields.emplace(name, readField(config, name));
    }
    return fields;
}

Product readProduct(sdk::Config& config, const std::string& code,
                    const std::map<std::string, Workflow>& workflows,
                    const std::map<std::string, ProductField>& fields, const std::string& currency)
{
    const std::string prefix = "product." + code + ".";
    Product product;
    product.code = code;
    product.name = trimmed(config.getString(prefix + "name", ""));
    if (product.name.empty())
        refuse(config, prefix + "name", "the product's name as clinics see it");
    product.family = trimmed(config.getString(prefix + "family", ""));
    if (!isName(product.family))
        refuse(config, prefix + "family", "a family name in lower case, such as restorative");

    product.workflow = trimmed(config.getString(prefix + "workflow", ""));
    if (!workflows.count(product.workflow)) {
        std::vector<std::string> names;
        for (const auto& entry : workflows)
            names.push_back(entry.first);
        refuse(config, prefix + "workflow",
               "one of the workflows of " + fullKey("workflows") + " (" + joined(names) + ")");
    }
    if (!config.has(prefix + "slaHours"))
        refuse(config, prefix + "slaHours", "the turnaround in working hours, from 1 to 2000");
    product.slaHours = static_cast<int>(config.getInt(prefix + "slaHours", 0, 1, 2000));

    std::string price = trimmed(config.getString(prefix + "price", ""));
    try {
        product.priceMinor = parseAmount(price, currency);
    } catch (const std::invalid_argument&) {
        std::int64_t example = 120;
        for (int digit = 0; digit < sdk::currencyMinorDigits(currency); ++digit)
            example *= 10;
        refuse(config, prefix + "price",
               "an amount in " + currency + " such as " + sdk::formatMinorUnits(example, currency));
    }
    product.warrantyMonths = static_cast<int>(config.getInt(prefix + "warrantyMonths", 0, 0, 240));
    product.chart = config.getChoice(prefix + "chart", "none", kCharts);
    product.shade = config.getBool(prefix + "shade", false);
    product.patientDetails = config.getBool(prefix + "patientDetails", false);

    // Direct manufacturing: a case that starts past the entry, in a state its work can be
    // in while the lab has it.
    product.startIn = trimmed(config.getString(prefix + "startIn", ""));
    if (!product.startIn.empty()) {
        const Workflow& workflow = workflows.at(product.workflow);
        const WorkflowState* state = workflow.state(product.startIn);
        if (!state || state->terminal) {
            std::vector<std::string> open;
            for (const auto& candidate : workflow.states())
                if (!candidate.terminal)
                    open.push_back(candidate.name);
            refuse(config, prefix + "startIn",
                   "a state of workflow " + product.workflow + " that is not terminal (" + joined(open) +
                       ")");
        }
    }
    product.requiredFiles = readSlots(config, prefix + "requiredFiles");
    product.recommendedFiles = readSlots(config, prefix + "recommendedFiles", product.requiredFiles);

    product.fields = config.getList(prefix + "fields", {});
    std::set<std::string> seen;
    for (const auto& name : product.fields) {
        if (!fields.count(name))
            refuse(config, prefix + "fields",
                   "fields defined by " + fullKey("field.<name>.type") + " in place of '" + name + "'");
        if (!seen.insert(name).second)
            refuse(config, prefix + "fields", "each field once ('" + name + "' is repeated)");
    }
    return product;
}

} // namespace

Catalog loadCatalog(sdk::Config& config, const std::map<std::string, Workflow>& workflows)
{
    std::string currency = readCurrency(config);
    auto fields = readFields(config);

    auto codes = config.getList("products", {});
    if (codes.empty())
        refuse(config, "products", "the codes of the products the lab offers, in display order");
    std::vector<Product> products;
    std::set<std::string> seen;
    for (const auto& code : codes) {
        if (!isName(code))
            refuse(config, "products", "product codes in lower case ('" + code + "' is not one)");
        if (!seen.insert(code).second)
            refuse(config, "products", "each product once ('" + code + "' is repeated)");
        products.push_back(readProduct(config, code, workflows, fields, currency));
    }
    // A block for a product nobody listed is a typo or a leftover: say so by name.
    for (const auto& key : keysUnder(config, "product.")) {
        std::string code = key.substr(0, key.find('.'));
        if (!seen.count(code))
            refuse(config, "product." + key, "a product listed in " + fullKey("products"));
    }
    return Catalog(currency, std::move(products), std::move(fields));
}

} // namespace molar::cases
