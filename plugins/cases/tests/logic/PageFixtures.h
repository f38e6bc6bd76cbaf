#pragma once

// What the wizard's steps and the list presenter read, without a request: the shipped
// catalog, fields from a map, and words that are their own keys.
#include "DefaultConfig.h"

#include "catalog/Catalog.h"
#include "catalog/Workflow.h"
#include "web/Fields.h"
#include "web/Words.h"

#include <map>
#include <string>

namespace molar::cases::test {

// Messages are their keys, so a test sees which message a page would show.
class KeyWords : public Words
{
public:
    std::string t(const std::string& key) const override { return key; }
    std::string label(const std::string& prefix, const std::string& code) const override
    {
        return prefix + code;
    }
    std::string name(const std::string&, const std::string& configured) const override { return configured; }
};

inline Fields fields(std::map<std::string, std::string> values)
{
    return [values = std::move(values)](const std::string& name) {
        const auto it = values.find(name);
        return it == values.end() ? std::string() : it->second;
    };
}

// The shipped catalog and workflows.
struct ShippedCatalog
{
    ShippedCatalog()
    {
        MapConfig config = defaultConfig();
        workflows = loadWorkflows(config);
        catalog = loadCatalog(config, workflows);
    }
    std::map<std::string, Workflow> workflows;
    Catalog catalog;
};

} // namespace molar::cases::test
