#include "web/ActivityText.h"

#include "molar/sdk/Locale.h"

namespace molar::cases {

std::string withFields(const std::string& text, const std::map<std::string, std::string>& fields)
{
    std::string out;
    std::size_t from = 0;
    for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", from)) {
        const auto close = text.find("}}", open + 2);
        if (close == std::string::npos)
            break;
        out.append(text, from, open - from);
        std::string name = text.substr(open + 2, close - open - 2);
        const auto first = name.find_first_not_of(' ');
        name = first == std::string::npos ? "" : name.substr(first, name.find_last_not_of(' ') - first + 1);
        if (const auto field = fields.find(name); field != fields.end())
            out += field->second;
        from = close + 2;
    }
    out.append(text, from, std::string::npos);
    return out;
}

std::string activitySummary(sdk::Host& host, const std::string& language, const Activity& activity)
{
    if (activity.summaryKey.empty())
        return activity.summary;
    const std::string text = host.views().translate(activity.summaryKey, language);
    // A key no catalog knows (its plugin removed): the text the entry came with, if any.
    if (text == activity.summaryKey && !activity.summary.empty())
        return activity.summary;
    if (activity.summaryAmounts.empty() && activity.summaryDates.empty())
        return withFields(text, activity.summaryFields);
    std::map<std::string, std::string> fields = activity.summaryFields;
    for (const auto& [name, amount] : activity.summaryAmounts)
        fields[name] = host.locales().money(amount, language);
    // The day as its publisher meant it, in the zone it came with.
    for (const auto& [name, date] : activity.summaryDates)
        fields[name] = host.locales().date(date.utcMillis, sdk::Viewer{language, date.zone});
    return withFields(text, fields);
}

bool byPortal(const Activity& activity)
{
    const std::string& label = activity.actorLabel;
    return activity.actorUserId == 0 && (label == "system" || label.rfind("system:", 0) == 0);
}

std::string activityActor(sdk::Views& views, const std::string& language, const Activity& activity)
{
    return byPortal(activity) ? views.translate("cases.activity.bySystem", language) : activity.actorLabel;
}

} // namespace molar::cases
