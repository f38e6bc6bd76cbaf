#include "BareCaseSetup.h"

#include "BareTemplates.h"

#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace molar::bench {

namespace {

using Properties = Poco::AutoPtr<Poco::Util::PropertyFileConfiguration>;

// Read with the class molard's catalog and config use, so continuation lines and
// escapes come out the same.
Properties properties(const std::string& path)
{
    if (!Poco::File(path).exists())
        throw std::runtime_error("no " + path);
    return Properties(new Poco::Util::PropertyFileConfiguration(path));
}

void collect(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
             std::map<std::string, std::string>& out)
{
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        if (config.hasProperty(full))
            out[full] = config.getRawString(full);
        collect(config, full, out);
    }
}

// A comma-separated value as molard's config reads it: items trimmed, empty ones dropped.
std::vector<std::string> listOf(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                                const std::string& separator = ",")
{
    std::vector<std::string> out;
    Poco::StringTokenizer tokens(config.getString(key, ""), separator,
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens)
        out.push_back(token);
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

void addOnce(std::vector<std::string>& list, const std::string& item)
{
    if (!contains(list, item))
        list.push_back(item);
}

std::string utf8(const icu::UnicodeString& text)
{
    std::string out;
    text.toUTF8String(out);
    return out;
}

// The picker's name of a language, as molard's IcuLocales::nativeName makes it.
std::string nativeName(const std::string& language)
{
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(language, status);
    if (U_FAILURE(status) || locale.isBogus() || language.empty())
        locale = icu::Locale::getEnglish();
    icu::UnicodeString name;
    locale.getDisplayName(locale, name);
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> sentences(icu::BreakIterator::createSentenceInstance(locale, status));
    if (U_SUCCESS(status))
        name.toTitle(sentences.get(), locale, U_TITLECASE_NO_LOWERCASE | U_TITLECASE_NO_BREAK_ADJUSTMENT);
    return utf8(name);
}

// The workflows of cases.properties as far as the list needs them: each state's stage,
// the terminal states, and CaseService's order of the clinic stages (the stages of the
// catalog's workflows in order, departures such as on_hold or cancelled last; a departure
// is where an action from every state, or one asking for a reason, leads).
void readWorkflows(const Poco::Util::AbstractConfiguration& config,
                   const std::vector<std::string>& productWorkflows, CaseListSetup& setup)
{
    std::map<std::string, std::vector<std::pair<std::string, std::string>>>
        states; // workflow -> (state, stage)
    std::map<std::string, std::vector<std::string>> stages, departures;
    for (const auto& workflow : listOf(config, "cases.workflows")) {
        const std::string prefix = "cases.workflow." + workflow + ".";
        for (const auto& state : listOf(config, prefix + "states")) {
            states[workflow].emplace_back(state,
                                          Poco::trim(config.getString(prefix + "stage." + state, state)));
            setup.states[workflow + "/" + state] = false;
        }
        for (const auto& state : listOf(config, prefix + "terminal"))
            setup.states[workflow + "/" + state] = true;
        stages[workflow] = listOf(config, prefix + "stages");
        const auto reasons = listOf(config, prefix + "reasonRequired");
        for (const auto& action : listOf(config, prefix + "actions")) {
            bool fromAnywhere = false;
            std::string to;
            for (const auto& clause : listOf(config, prefix + "action." + action, ";")) {
                const auto arrow = clause.find("->");
                if (arrow == std::string::npos)
                    throw std::runtime_error("cannot read " + prefix + "action." + action);
                Poco::StringTokenizer from(clause.substr(0, arrow), ",", Poco::StringTokenizer::TOK_TRIM);
                fromAnywhere = fromAnywhere || std::find(from.begin(), from.end(), "*") != from.end();
                const std::string rest = Poco::trim(clause.substr(arrow + 2));
                to = rest.substr(0, rest.find_first_of(" \t"));
            }
            if ((!fromAnywhere && !contains(reasons, action)) || to == "@previous")
                continue;
            for (const auto& [state, stage] : states[workflow])
                if (state == to)
                    addOnce(departures[workflow], stage);
        }
    }
    if (states.empty())
        throw std::runtime_error("no cases.workflows");

    std::vector<std::string> ordered;
    for (const auto& workflow : productWorkflows)
        if (states.count(workflow))
            addOnce(ordered, workflow);
    for (const auto& entry : states)
        addOnce(ordered, entry.first);
    std::vector<std::string> clinic{"draft"}, away;
    for (const auto& workflow : ordered)
        for (const auto& stage : stages[workflow])
            addOnce(contains(departures[workflow], stage) ? away : clinic, stage);
    for (const auto& stage : away)
        addOnce(clinic, stage);
    for (const auto& stage : clinic) {
        setup.clinicStages.push_back({stage, setup.stageLabel(stage)});
        setup.stageLabels[stage] = setup.clinicStages.back().name;
    }

    // CaseService::statusesOfStage: workflows by name, states in order; its open and
    // closed statuses in the same order.
    setup.stageStatuses["draft"].push_back("draft");
    std::vector<std::string> open, closed;
    for (const auto& [workflow, list] : states)
        for (const auto& [state, stage] : list) {
            addOnce(setup.stageStatuses[stage], state);
            addOnce(setup.states.at(workflow + "/" + state) ? closed : open, state);
        }
    for (const auto& status : open)
        setup.openStatuses.push_back({status, setup.statusLabel(status)});
    for (const auto& status : closed)
        setup.closedStatuses.push_back({status, setup.statusLabel(status)});
}

// PageSupport::label: the message of prefix + code, else the code as words.
std::string labelOf(const CaseListSetup& setup, const std::string& prefix, const std::string& code)
{
    const std::string key = prefix + code;
    std::string text = setup.translate(key);
    if (text != key)
        return text;
    text = code;
    std::replace(text.begin(), text.end(), '_', ' ');
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

} // namespace

CaseListSetup CaseListSetup::read(const std::string& root)
{
    CaseListSetup setup;
    // The host's messages first, the plugin's over them, as molard loads them.
    collect(*properties(root + "/templates/messages/en.properties"), "", setup.messages);
    collect(*properties(root + "/plugins/cases/messages/en.properties"), "", setup.messages);
    collect(*properties(root + "/plugins/warranty/messages/en.properties"), "", setup.messages);
    collect(*properties(root + "/plugins/billing/messages/en.properties"), "", setup.messages);
    collect(*properties(root + "/plugins/credits/messages/en.properties"), "", setup.messages);

    const Properties host = properties(root + "/config/molar.properties");
    setup.siteName = host->getString("views.siteName", "Molar");
    setup.labZone = Poco::trim(host->getString("portal.timeZone", "UTC"));
    if (setup.labZone.empty())
        setup.labZone = "UTC";
    for (const auto& code : listOf(*host, "views.languages"))
        setup.languages.push_back({code, nativeName(code)});
    if (setup.languages.empty())
        setup.languages = {{"en", nativeName("en")}, {"ar", nativeName("ar")}, {"fr", nativeName("fr")}};

    const Properties cases = properties(root + "/plugins/cases/config/cases.properties");
    std::vector<std::string> productWorkflows;
    for (const auto& code : listOf(*cases, "cases.products")) {
        const std::string prefix = "cases.product." + code + ".";
        const std::string configured = cases->getString(prefix + "name", code);
        const std::string key = "cases.productName." + code;
        const std::string name = setup.translate(key) == key ? configured : setup.translate(key);
        setup.products.push_back({code, name});
        setup.productNames[code] = name;
        productWorkflows.push_back(Poco::trim(cases->getString(prefix + "workflow", "")));
    }
    if (setup.products.empty())
        throw std::runtime_error("no cases.products in " + root + "/plugins/cases/config/cases.properties");
    readWorkflows(*cases, productWorkflows, setup);

    setup.title = setup.translate("cases.list.title");
    setup.allLabel = setup.translate("cases.list.all");
    // The links of the cases, warranty, billing and credits plugins a clinic owner sees, in the
    // order of their menu positions (CasesPlugin.cpp, WarrantyPlugin.cpp, BillingPlugin.cpp,
    // BillingModes.cpp; equal positions in the order the plugins add them).
    for (const auto& [href, key] : std::vector<std::pair<std::string, std::string>>{
             {"/cases/dashboard", "cases.menu.dashboard"},
             {"/cases", "cases.menu.myCases"},
             {"/cases/new", "cases.menu.send"},
             {"/billing/invoices", "billing.page.menu.clinic"},
             {"/billing/price-list", "billing.prices.menu.clinic"},
             {"/credits", "credits.menu"},
             {"/warranties", "warranty.menu"},
             {"/billing/account", "billing.mode.menu.clinic"},
             {"/billing/payment-methods", "billing.cards.menu"},
             {"/track", "cases.menu.track"},
             {"/pricing", "credits.menu.pricing"},
             {"/verify", "warranty.menu.verify"}})
        setup.menu.push_back({href, setup.translate(key)});

    // And those a lab admin sees.
    for (const auto& [href, key] : std::vector<std::pair<std::string, std::string>>{
             {"/lab/cases", "cases.menu.board"},
             {"/lab/billing/quotes", "billing.quote.menu"},
             {"/lab/billing", "billing.page.menu.lab"},
             {"/lab/billing/price-lists", "billing.prices.menu.lab"},
             {"/warranties", "warranty.menu"},
             {"/lab/billing/accounts", "billing.mode.menu.lab"},
             {"/lab/credits", "credits.menu.lab"},
             {"/track", "cases.menu.track"},
             {"/pricing", "credits.menu.pricing"},
             {"/verify", "warranty.menu.verify"}})
        setup.labMenu.push_back({href, setup.translate(key)});
    setup.boardTitle = setup.translate("cases.board.title");
    setup.invoicesTitle = setup.translate("billing.page.invoices.title");
    setup.activityTitle = setup.translate("credits.activity.title");

    bool translates = false;
    const auto translate = [&setup](const std::string& key) { return setup.translate(key); };
    setup.listTemplate =
        substituteMessages(readText(root + "/plugins/cases/templates/list.mustache"), translate, translates);
    setup.invoicesTemplate = substituteMessages(
        readText(root + "/plugins/billing/templates/invoices.mustache"), translate, translates);
    setup.activityTemplate = substituteMessages(
        readText(root + "/plugins/credits/templates/activity.mustache"), translate, translates);
    setup.boardTemplate =
        substituteMessages(readText(root + "/plugins/cases/templates/board.mustache"), translate, translates);
    setup.layoutTemplate = substituteMessages(
        inlinePartials(root, readText(root + "/templates/layout.mustache")), translate, translates);
    setup.translates = translates;
    return setup;
}

std::string CaseListSetup::translate(const std::string& key) const
{
    const auto found = messages.find(key);
    return found == messages.end() ? key : found->second;
}

const std::vector<std::string>& CaseListSetup::statusesOf(const std::string& stage) const
{
    static const std::vector<std::string> none;
    const auto found = stageStatuses.find(stage);
    return found == stageStatuses.end() ? none : found->second;
}

std::string CaseListSetup::stageLabel(const std::string& stage) const
{
    const auto known = stageLabels.find(stage);
    return known != stageLabels.end() ? known->second : labelOf(*this, "cases.stage.", stage);
}

std::string CaseListSetup::statusLabel(const std::string& status) const
{
    return labelOf(*this, "cases.status.", status);
}

std::string CaseListSetup::productName(const std::string& code) const
{
    const auto found = productNames.find(code);
    return found == productNames.end() ? code : found->second;
}

} // namespace molar::bench
