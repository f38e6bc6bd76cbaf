#include "web/InvoicePageSettings.h"

#include "molar/sdk/Errors.h"

#include <fstream>

namespace molar::billing {

namespace {

std::string fontFile(sdk::Config& config, const std::string& key, const std::string& fallback)
{
    const std::string path = config.getString(key, fallback);
    if (path.empty() || path.front() != '/' || !std::ifstream(path, std::ios::binary).good())
        throw sdk::ConfigError(
            "billing." + key, path,
            "the absolute path of a readable TrueType font (.ttf) with Latin and Arabic letters, "
            "such as Debian's fonts-dejavu-core");
    return path;
}

} // namespace

InvoicePageSettings InvoicePageSettings::read(sdk::Config& config)
{
    InvoicePageSettings settings;
    settings.labName = config.getString("lab.name", "");
    // A properties file keeps "\n" as two characters; either way each becomes a line.
    std::string address = config.getString("lab.address", "");
    for (std::size_t at = address.find("\\n"); at != std::string::npos; at = address.find("\\n", at))
        address.replace(at, 2, "\n");
    std::size_t start = 0;
    while (start < address.size()) {
        std::size_t end = address.find('\n', start);
        if (end == std::string::npos)
            end = address.size();
        std::string line = address.substr(start, end - start);
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            settings.labAddress.push_back(line);
        start = end + 1;
    }
    settings.labTaxNumber = config.getString("lab.taxNumber", "");
    settings.labPhone = config.getString("lab.phone", "");
    settings.labEmail = config.getString("lab.email", "");
    settings.pdfFont = fontFile(config, "pdf.font", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    settings.pdfBoldFont =
        fontFile(config, "pdf.boldFont", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    return settings;
}

} // namespace molar::billing
