#pragma once

#include "store/Warranty.h"

#include "molar/sdk/Locale.h"
#include "molar/sdk/Views.h"

#include <string>
#include <utility>
#include <vector>

namespace molar::warranty {

// The plugin's words in one language: catalog messages, days and restorations as pages
// and cards print them.
class Words
{
public:
    Words(sdk::Views& views, sdk::Locales& locales, std::string language)
        : _views(views), _locales(locales), _language(std::move(language))
    {
    }

    const std::string& language() const { return _language; }
    std::string t(const std::string& key) const;
    // The message with each "{name}" replaced.
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;
    // "2036-05-12" as the language writes the day in full: "May 12, 2036", "١٢ مايو ٢٠٣٦";
    // the text as it is when it is no day.
    std::string day(const std::string& isoDay) const;
    // The restoration: the catalog's name of the product (cases.productName.<code>), else
    // the name it had when the warranty was issued.
    std::string restoration(const Warranty& warranty) const;

private:
    sdk::Views& _views;
    sdk::Locales& _locales;
    std::string _language;
};

} // namespace molar::warranty
