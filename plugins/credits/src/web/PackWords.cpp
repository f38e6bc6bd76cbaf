#include "web/PackWords.h"

#include "web/CardWords.h"

namespace molar::credits {

std::string PackWords::name(const Pack& pack) const
{
    const std::string key = "credits.packName." + pack.code;
    const std::string words = _viewer.t(key);
    return words == key ? pack.name : words;
}

sdk::Value PackWords::pack(const Pack& pack, int discountBasisPoints) const
{
    const std::string& currency = _settings.currency;
    const std::int64_t price = _settings.priceFor(pack, discountBasisPoints);
    const std::int64_t saved = pack.creditsMinor - price;
    // The saving against the credits, rounded down to a hundredth of a percent.
    const int savedBasisPoints =
        pack.creditsMinor > 0 ? static_cast<int>(saved * 10000 / pack.creditsMinor) : 0;
    sdk::Value out = sdk::Value::object({
        {"code", pack.code},
        {"name", name(pack)},
        {"credits", _viewer.money(pack.creditsMinor, currency)},
        {"price", _viewer.money(price, currency)},
        {"popular", pack.popular},
    });
    if (price < pack.priceMinor)
        out.set("listPrice", _viewer.money(pack.priceMinor, currency));
    if (savedBasisPoints > 0)
        out.set("save", _viewer.t("credits.pack.save", {{"percent", _viewer.percent(savedBasisPoints)}}));
    return out;
}

sdk::Value PackWords::options(const std::string& selected) const
{
    bool known = false;
    for (const Pack& pack : _settings.packs)
        known = known || pack.code == selected;
    sdk::Value out = sdk::Value::array();
    for (const Pack& pack : _settings.packs)
        out.push(sdk::Value::object(
            {{"value", pack.code},
             {"label", _viewer.t("credits.auto.packOption",
                                 {{"pack", name(pack)},
                                  {"credits", _viewer.money(pack.creditsMinor, _settings.currency)}})},
             {"selected", known ? pack.code == selected : pack.popular}}));
    return out;
}

sdk::Value PackWords::forSale(int discountBasisPoints, const std::vector<sdk::PaymentCapabilities>& providers,
                              const CreditsForm& form) const
{
    sdk::Value out = sdk::Value::array();
    for (const Pack& pack : _settings.packs) {
        sdk::Value item = this->pack(pack, discountBasisPoints);
        const bool refused = form.buyPack == pack.code;
        sdk::Value choices = sdk::Value::array();
        for (std::size_t i = 0; i < providers.size(); ++i) {
            const auto& provider = providers[i];
            const bool checked =
                refused && !form.buyProvider.empty() ? provider.name == form.buyProvider : i == 0;
            choices.push(sdk::Value::object({{"id", "pack-" + pack.code + "-" + provider.name},
                                             {"name", provider.name},
                                             {"displayName", _viewer.providerName(provider)},
                                             {"checked", checked}}));
        }
        item.set("providers", choices);
        item.set("hasProviders", choices.size() > 0);
        item.set("buyLabel", _viewer.t("credits.pack.buy", {{"pack", name(pack)}}));
        const auto error = form.errors.find("buy-" + pack.code);
        if (error != form.errors.end())
            item.set("error", error->second);
        out.push(item);
    }
    return out;
}

std::string PackWords::autoStatus(const CreditAccount& account,
                                  const std::vector<sdk::SavedPaymentMethod>& methods) const
{
    if (!account.autoEnabled)
        return _viewer.t("credits.auto.off");
    const Pack* pack = _settings.pack(account.autoPack);
    std::string card;
    for (const auto& method : methods)
        if (std::to_string(method.id) == account.autoMethodId)
            card = describeCard(_viewer, method);
    return _viewer.t("credits.auto.on",
                     {{"pack", pack ? name(*pack) : account.autoPack},
                      {"threshold", _viewer.money(account.thresholdMinor, _settings.currency)},
                      {"card", card}});
}

} // namespace molar::credits
