#pragma once

#include <map>
#include <string>
#include <vector>

namespace molar::bench {

// A code and what a page shows for it: a product and its name, a stage and its label,
// a menu link and its text, a language and its own name.
struct Named
{
    std::string code;
    std::string name;
};

// What the bare case list takes from the source tree once, at start-up, so that a
// request does only what molard's does per request: the templates with their English
// text already in place, the catalog's products, the clinic stages in molard's order,
// and the layout's fixed parts. Read-only once made; every server thread shares it.
struct CaseListSetup
{
    // plugins/cases/templates/list.mustache and templates/layout.mustache (its partials
    // inlined), each {{#t}}key{{/t}} replaced by the key's English text, HTML-escaped.
    std::string listTemplate;
    std::string layoutTemplate;
    // Whether a {{#t}} stayed (its key or text holds "{{"): the page then offers `t`.
    bool translates = false;

    std::string siteName;
    std::string title;    // cases.list.title
    std::string allLabel; // cases.list.all
    std::string labZone;  // portal.timeZone: the zone of users who chose none

    std::vector<Named> products; // cases.products, in order, English names
    std::map<std::string, std::string> productNames;
    std::vector<Named> clinicStages; // as CaseService orders them, with labels
    std::map<std::string, std::string> stageLabels;
    std::map<std::string, std::vector<std::string>> stageStatuses; // stage -> statuses over all workflows
    std::map<std::string, bool> states; // "<workflow>/<status>" -> whether terminal
    std::vector<Named> menu;            // href, label: what molard's menu shows a clinic owner
    std::vector<Named> languages;       // views.languages, each named in itself

    // The lab board: plugins/cases/templates/board.mustache as listTemplate, its title
    // (cases.board.title), the statuses the board counts and those it only links, in
    // CaseService's order with the lab's labels, and the menu a lab admin sees.
    std::string boardTemplate;
    std::string boardTitle;
    std::vector<Named> openStatuses;
    std::vector<Named> closedStatuses;
    std::vector<Named> labMenu;

    // The clinic's invoice list: plugins/billing/templates/invoices.mustache and its title.
    std::string invoicesTemplate;
    std::string invoicesTitle;
    // The clinic's credit activity: plugins/credits/templates/activity.mustache and its title.
    std::string activityTemplate;
    std::string activityTitle;

    // Reads <root>/templates, <root>/config/molar.properties, <root>/plugins/cases, the
    // billing plugin's invoice list and the messages of warranty and billing (molard runs
    // all three: their links are in every menu).
    // Throws with what is missing or not understood.
    static CaseListSetup read(const std::string& root);

    // A message's English text; the key itself when there is none, as molard's catalog.
    std::string translate(const std::string& key) const;
    // The statuses a stage stands for (none for a stage no workflow has).
    const std::vector<std::string>& statusesOf(const std::string& stage) const;
    // A stage's or a status's label; codes without a message as words, as PageSupport::label.
    std::string stageLabel(const std::string& stage) const;
    std::string statusLabel(const std::string& status) const;
    // A product's name; the code for a product the catalog lacks.
    std::string productName(const std::string& code) const;

    std::map<std::string, std::string>
        messages; // English: templates/ and the cases, warranty, billing and credits plugins'
};

} // namespace molar::bench
