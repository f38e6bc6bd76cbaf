#include "web/CardDownload.h"

#include "card/WarrantyCardPdf.h"
#include "terms/CheckCode.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Logger.h"
#include "molar/sdk/Views.h"

#include <algorithm>

namespace molar::warranty {

namespace {

std::string dayIn(sdk::Views& views, const std::string& language, const std::string& isoDay)
{
    if (isoDay.size() != 10)
        return isoDay;
    std::string text = views.translate("warranty.day", language);
    const std::string day = isoDay[8] == '0' ? isoDay.substr(9, 1) : isoDay.substr(8, 2);
    const std::string month =
        views.translate("warranty.month." + std::to_string(std::stoi(isoDay.substr(5, 2))), language);
    for (const auto& [slot, value] : {std::pair<std::string, std::string>{"{day}", day},
                                      {"{month}", month},
                                      {"{year}", isoDay.substr(0, 4)}})
        if (const auto at = text.find(slot); at != std::string::npos)
            text.replace(at, slot.size(), value);
    return text;
}

// As Viewer::restoration: the catalog's name of the product in the card's language.
std::string restorationIn(sdk::Views& views, const std::string& language, const Warranty& w)
{
    const std::string key = "cases.productName." + w.product;
    const std::string words = views.translate(key, language);
    return words == key ? w.restoration : words;
}

} // namespace

std::string verifyUrlOf(const std::string& publicUrl, const Warranty& warranty)
{
    return publicUrl + "/verify/" + warranty.caseNumber + "?code=" + warranty.checkCode;
}

const std::vector<std::string>& cardLanguages()
{
    static const std::vector<std::string> languages{"en", "ar", "fr"};
    return languages;
}

bool isCardLanguage(const std::string& language)
{
    const auto& languages = cardLanguages();
    return std::find(languages.begin(), languages.end(), language) != languages.end();
}

std::string renderCard(sdk::Host& host, const WarrantySettings& settings, const Warranty& w,
                       const std::string& layout, const std::string& language)
{
    sdk::Views& views = host.views();
    auto t = [&](const std::string& key) { return views.translate(key, language); };
    WarrantyCard card;
    card.language = language;
    card.rightToLeft = language == "ar";
    card.title = t("warranty.card.title");
    card.labName = settings.labName;
    card.fields = {{t("warranty.field.number"), w.number},
                   {t("warranty.field.case"), w.caseNumber},
                   {t("warranty.field.restoration"), restorationIn(views, language, w)}};
    if (!w.teeth.empty())
        card.fields.push_back({t("warranty.field.teeth"), w.teeth});
    card.fields.push_back({t("warranty.field.clinic"), w.clinicName});
    card.fields.push_back({t("warranty.field.issuedOn"), dayIn(views, language, w.issuedOn)});
    card.fields.push_back({t("warranty.field.expiresOn"), dayIn(views, language, w.expiresOn)});
    card.checkCodeLabel = t("warranty.card.codeLabel");
    card.checkCode = printedCheckCode(w.checkCode);
    card.verifyUrl = verifyUrlOf(host.publicUrl(), w);
    card.scanLine = t("warranty.card.scan");
    try {
        return renderWarrantyCardPdf(card, layout == "wallet" ? CardLayout::Wallet : CardLayout::A4,
                                     settings.font, settings.boldFont);
    } catch (const WarrantyCardError& e) {
        host.logger().error(std::string("warranty card of ") + w.number + ": " + e.what());
        throw sdk::HttpError(500, t("warranty.error.pdf"));
    }
}

} // namespace molar::warranty
