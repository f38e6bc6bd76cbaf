#include "web/CardDownload.h"

#include "card/WarrantyCardPdf.h"
#include "terms/CheckCode.h"
#include "web/Words.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Logger.h"
#include "molar/sdk/Views.h"

#include <algorithm>

namespace molar::warranty {

std::string verifyUrlOf(const std::string& publicUrl, const Warranty& warranty)
{
    return publicUrl + "/verify/" + warranty.caseNumber + "?code=" + warranty.checkCode;
}

bool isCardLanguage(const WarrantySettings& settings, const std::string& language)
{
    const auto& languages = settings.cardLanguages;
    return std::find(languages.begin(), languages.end(), language) != languages.end();
}

std::string renderCard(sdk::Host& host, const WarrantySettings& settings, const Warranty& w,
                       const std::string& layout, const std::string& language)
{
    const Words words(host.views(), host.locales(), language);
    auto t = [&](const std::string& key) { return words.t(key); };
    WarrantyCard card;
    card.language = language;
    card.rightToLeft = host.locales().rightToLeft(language);
    card.title = t("warranty.card.title");
    card.labName = settings.labName;
    card.fields = {{t("warranty.field.number"), w.number},
                   {t("warranty.field.case"), w.caseNumber},
                   {t("warranty.field.restoration"), words.restoration(w)}};
    if (!w.teeth.empty())
        card.fields.push_back({t("warranty.field.teeth"), w.teeth});
    card.fields.push_back({t("warranty.field.clinic"), w.clinicName, true});
    card.fields.push_back({t("warranty.field.issuedOn"), words.day(w.issuedOn)});
    card.fields.push_back({t("warranty.field.expiresOn"), words.day(w.expiresOn)});
    card.checkCodeLabel = t("warranty.card.codeLabel");
    card.checkCode = printedCheckCode(w.checkCode);
    card.verifyUrl = verifyUrlOf(host.publicUrl(), w);
    card.scanLine = t("warranty.card.scan");
    try {
        bool allDrawn = true;
        std::string bytes =
            renderWarrantyCardPdf(card, layout == "wallet" ? CardLayout::Wallet : CardLayout::A4,
                                  settings.font, settings.boldFont, &allDrawn);
        // A language added to card.languages without a font that has its letters: English,
        // not empty boxes.
        if (!allDrawn && language != "en")
            return renderCard(host, settings, w, layout, "en");
        return bytes;
    } catch (const WarrantyCardError& e) {
        host.logger().error(std::string("warranty card of ") + w.number + ": " + e.what());
        throw sdk::HttpError(500, t("warranty.error.pdf"));
    }
}

} // namespace molar::warranty
