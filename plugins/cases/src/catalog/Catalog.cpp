#include "catalog/Catalog.h"

#include "config/ConfigSupport.h"
#include "molar/sdk/Money.h"

#include <stdexcept>

namespace molar::cases {

namespace {

// Code points in `text`, or -1 when it is not well-formed UTF-8.
long utf8Length(const std::string& text)
{
    long count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = byte < 0x80           ? 1
                             : (byte >> 5) == 0x6  ? 2
                             : (byte >> 4) == 0xE  ? 3
                             : (byte >> 3) == 0x1E ? 4
                                                   : 0;
        if (length == 0 || i + length > text.size())
            return -1;
        std::uint32_t point = length == 1 ? byte : byte & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return -1;
            point = (point << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (point < smallest[length] || (point >= 0xD800 && point <= 0xDFFF) || point > 0x10FFFF)
            return -1;
        i += length;
    }
    return count;
}

bool parseInteger(const std::string& text, std::int64_t& value)
{
    std::size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
    std::size_t digits = text.size() - start;
    if (digits == 0 || digits > 18)
        return false;
    for (std::size_t i = start; i < text.size(); ++i)
        if (text[i] < '0' || text[i] > '9')
            return false;
    value = std::stoll(text);
    return true;
}

// The problem with one value, or "".
std::string check(const ProductField& field, const std::string& value)
{
    bool missing = trimmed(value).empty();
    if (field.type == "boolean") {
        if (value != "true" && value != "false" && !missing)
            return "cases.error.choice";
        return field.required && value != "true" ? "cases.error.required" : "";
    }
    if (missing)
        return field.required ? "cases.error.required" : "";
    if (field.type == "choice")
        return contains(field.options, value) ? "" : "cases.error.choice";
    if (field.type == "number") {
        std::int64_t number = 0;
        return parseInteger(value, number) && number >= field.min && number <= field.max
                   ? ""
                   : "cases.error.number";
    }
    long length = utf8Length(value);
    if (length < 0)
        return "cases.error.encoding";
    return length > field.max ? "cases.error.tooLong" : "";
}

} // namespace

const std::vector<std::string>& fileSlots()
{
    static const std::vector<std::string> slots{"upper_scan", "lower_scan", "bite_scan", "scan",
                                                "photo",      "radiograph", "document"};
    return slots;
}

Catalog::Catalog(std::string currency, std::vector<Product> products,
                 std::map<std::string, ProductField> fields)
    : _currency(std::move(currency)), _products(std::move(products)), _fields(std::move(fields))
{
}

const Product* Catalog::product(const std::string& code) const
{
    for (const auto& product : _products)
        if (product.code == code)
            return &product;
    return nullptr;
}

const ProductField* Catalog::field(const std::string& name) const
{
    auto it = _fields.find(name);
    return it == _fields.end() ? nullptr : &it->second;
}

std::map<std::string, std::string> Catalog::validate(const Product& product,
                                                     const std::map<std::string, std::string>& values) const
{
    std::map<std::string, std::string> problems;
    for (const auto& name : product.fields) {
        const ProductField* definition = field(name);
        if (!definition)
            continue;
        auto it = values.find(name);
        std::string problem = check(*definition, it == values.end() ? std::string() : it->second);
        if (!problem.empty())
            problems[name] = problem;
    }
    return problems;
}

std::int64_t parseAmount(const std::string& text, const std::string& currency)
{
    // The currency's own minor digits: 450 yen are 450, 450.000 dinars 450000.
    const auto minor = sdk::parseMinorUnits(text, currency);
    if (!minor)
        throw std::invalid_argument("'" + text + "' is not an amount in " + currency);
    return *minor;
}

} // namespace molar::cases
