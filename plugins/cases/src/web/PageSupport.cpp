#include "web/PageSupport.h"

#include "web/UploadErrors.h"

#include "molar/sdk/Errors.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace molar::cases {

std::string PageSupport::zone(const sdk::Request& request) const
{
    const auto& principal = request.principal();
    if (principal && isTimeZone(principal->timeZone))
        return principal->timeZone;
    return _service.calendar().hours().timeZone;
}

std::string PageSupport::time(const sdk::Request& request, std::int64_t utc) const
{
    return utc ? _locales.dateTime(utc * 1000, {request.language(), zone(request)}) : std::string();
}

std::string PageSupport::stamp(std::int64_t utc)
{
    if (!utc)
        return {};
    // UTC needs no time-zone database: three of these go into every row of a list.
    const std::time_t seconds = static_cast<std::time_t>(utc);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    return std::string(text, std::strftime(text, sizeof text, "%Y-%m-%dT%H:%MZ", &parts));
}

std::string PageSupport::day(const sdk::Request& request, const std::string& isoDay) const
{
    int year = 0, month = 0, dayOfMonth = 0;
    char tail = 0;
    if (std::sscanf(isoDay.c_str(), "%4d-%2d-%2d%c", &year, &month, &dayOfMonth, &tail) != 3)
        return isoDay;
    try {
        return _locales.day(year, month, dayOfMonth, request.language());
    } catch (const std::invalid_argument&) {
        return isoDay;
    }
}

std::string PageSupport::t(const sdk::Request& request, const std::string& key) const
{
    std::string text = _views.translate(key, request.language());
    for (const auto& [slot, value] : _values)
        for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
            text.replace(at, slot.size(), value);
    return text;
}

void PageSupport::setValue(const std::string& name, const std::string& value)
{
    _values.emplace_back("{" + name + "}", value);
}

std::string PageSupport::refusalText(const sdk::Request& request, const CaseRefusal& refusal) const
{
    const std::string text = t(request, refusal.key());
    return refusal.subject().empty() ? text : refusal.subject() + ": " + text;
}

std::string PageSupport::label(const sdk::Request& request, const std::string& prefix,
                               const std::string& code) const
{
    const std::string key = prefix + code;
    std::string text = t(request, key);
    if (text != key)
        return text;
    text = code;
    for (auto& c : text)
        if (c == '_')
            c = ' ';
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

std::string PageSupport::statusLabel(const sdk::Request& request, const std::string& status) const
{
    return label(request, "cases.status.", status);
}

std::string PageSupport::stageLabel(const sdk::Request& request, const std::string& stage) const
{
    return label(request, "cases.stage.", stage);
}

bool PageSupport::isClinicViewer(const sdk::Request& request)
{
    const auto& principal = request.principal();
    return principal && principal->side == "clinic";
}

std::string PageSupport::stateLabel(const sdk::Request& request, const CaseRecord& record) const
{
    return isClinicViewer(request) ? stageLabel(request, record.stage) : statusLabel(request, record.status);
}

std::string PageSupport::configuredName(const sdk::Request& request, const std::string& key,
                                        const std::string& configured) const
{
    const std::string text = _views.translate(key, request.language());
    return text == key ? configured : text;
}

std::string PageSupport::productName(const sdk::Request& request, const std::string& code) const
{
    const Product* product = _service.catalog().product(code);
    return product ? configuredName(request, "cases.productName." + code, product->name) : code;
}

std::string PageSupport::fieldLabel(const sdk::Request& request, const ProductField& field) const
{
    return configuredName(request, "cases.fieldLabel." + field.name, field.label);
}

bool PageSupport::isOverdue(const CaseRecord& record) const
{
    const Workflow* workflow = _service.workflowOf(record);
    const WorkflowState* state = workflow ? workflow->state(record.status) : nullptr;
    if (!state || state->terminal || record.stage == "out_for_delivery" || record.dueAt == 0)
        return false;
    return record.dueAt < _service.now();
}

sdk::Value PageSupport::eta(const sdk::Request& request, const CaseRecord& record) const
{
    if (!record.dueAt)
        return sdk::Value();
    sdk::Value::Object eta;
    eta.reserve(3);
    eta.emplace_back("due", time(request, record.dueAt));
    eta.emplace_back("dueStamp", stamp(record.dueAt));
    eta.emplace_back("overdue", isOverdue(record));
    return sdk::Value(std::move(eta));
}

sdk::Value PageSupport::summary(const sdk::Request& request, const CaseRecord& record) const
{
    // Built member by member, each value moved in: a list page makes one per row.
    sdk::Value::Object row;
    row.reserve(14);
    row.emplace_back("id", record.id);
    row.emplace_back("href", "/cases/" + std::to_string(record.id));
    row.emplace_back("number", record.number);
    row.emplace_back("isDraft", record.isDraft());
    row.emplace_back("patientRef", record.patientRef);
    row.emplace_back("product", productName(request, record.product));
    row.emplace_back("status", record.status);
    row.emplace_back("statusLabel", stateLabel(request, record));
    row.emplace_back("stageLabel", stageLabel(request, record.stage));
    row.emplace_back("created", time(request, record.createdAt));
    row.emplace_back("createdStamp", stamp(record.createdAt));
    row.emplace_back("updated", time(request, record.updatedAt));
    row.emplace_back("updatedStamp", stamp(record.updatedAt));
    row.emplace_back("eta", eta(request, record));
    return sdk::Value(std::move(row));
}

std::string PageSupport::uploadError(const sdk::Request& request) const
{
    const std::string key = request.query("uploadError");
    if (!isUploadErrorKey(key))
        return "";
    return t(request, key);
}

namespace {

void prepareForMustache(sdk::Value& value)
{
    if (value.isArray()) {
        for (auto& item : value.asArray())
            prepareForMustache(item);
        return;
    }
    if (!value.isObject())
        return;
    auto& members = value.asObject();
    sdk::Value::Object kept;
    for (auto& [name, member] : members) {
        prepareForMustache(member);
        if (member.isArray() && !name.empty()) {
            std::string flag = "has" + name;
            flag[3] = static_cast<char>(std::toupper(static_cast<unsigned char>(flag[3])));
            kept.emplace_back(flag, member.size() > 0);
        }
        kept.emplace_back(name, std::move(member));
    }
    members = std::move(kept);
}

} // namespace

void PageSupport::page(sdk::Request& request, sdk::Response& response, const std::string& templateName,
                       const std::string& titleKey, sdk::Value data) const
{
    prepareForMustache(data);
    _views.page(request, response, templateName, titleKey, data);
}

void PageSupport::guarded(const sdk::Request& request, const std::function<void()>& work) const
{
    try {
        work();
    } catch (const CaseRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), refusalText(request, refusal));
    }
}

} // namespace molar::cases
