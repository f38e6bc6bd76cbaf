#include "web/wizard/FieldsStep.h"

#include "web/wizard/FormText.h"

namespace molar::cases {

StepErrors FieldsStep::read(const StepInput& input, CaseRecord& record) const
{
    const Product* product = _catalog.product(record.product);
    if (!product)
        return {};
    std::map<std::string, std::string> values;
    for (const auto& name : product->fields) {
        const ProductField* field = _catalog.field(name);
        std::string value = trimmed(input.form("field-" + name));
        if (field && field->type == "boolean")
            value = value.empty() ? "false" : "true";
        values[name] = value;
    }
    record.fields = values;
    StepErrors errors;
    for (const auto& [name, key] : _catalog.validate(*product, values))
        errors.emplace_back("field-" + name, key);
    return errors;
}

void FieldsStep::view(const StepInput& input, const CaseRecord& record, const sdk::Value&,
                      sdk::Value& data) const
{
    const Product* product = _catalog.product(record.product);
    sdk::Value fields = sdk::Value::array();
    for (const auto& name : product ? product->fields : std::vector<std::string>{}) {
        const ProductField* field = _catalog.field(name);
        if (!field)
            continue;
        const std::string value = record.fields.count(name) ? record.fields.at(name) : std::string();
        sdk::Value options = sdk::Value::array();
        for (const auto& o : field->options)
            options.push(sdk::Value::object(
                {{"value", o}, {"label", input.words.label("cases.option.", o)}, {"checked", o == value}}));
        fields.push(
            sdk::Value::object({{"name", "field-" + name},
                                {"label", input.words.name("cases.fieldLabel." + field->name, field->label)},
                                {"required", field->required},
                                {"isChoice", field->type == "choice"},
                                {"isText", field->type == "text"},
                                {"isNumber", field->type == "number"},
                                {"isBoolean", field->type == "boolean"},
                                {"value", value},
                                {"checked", value == "true"},
                                {"min", field->min},
                                {"max", field->max},
                                {"options", options}}));
    }
    data.set("fields", fields);
}

} // namespace molar::cases
