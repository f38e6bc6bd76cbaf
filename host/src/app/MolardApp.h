#pragma once

#include "app/DataDir.h"

#include "molar/sdk/Clock.h"

#include <Poco/Util/ServerApplication.h>

#include <string>
#include <utility>
#include <vector>

namespace molar::host {

class Portal;

// molard: the textbook Poco ServerApplication. Options become configuration
// layers; main() starts the Portal and waits for SIGTERM/SIGINT, then drains.
class MolardApp : public Poco::Util::ServerApplication
{
protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    int main(const ArgVec& args) override;

private:
    void handleHelp(const std::string& name, const std::string& value);
    void handleVersion(const std::string& name, const std::string& value);
    void handleSet(const std::string& name, const std::string& value);
    void displayHelp();
    int createAdmin(Portal& portal, const sdk::Clock& clock);

    bool _helpRequested = false;
    bool _versionRequested = false;
    bool _listRoutes = false;
    bool _checkConfig = false;
    bool _listPlugins = false;
    bool _demoData = false;
    std::string _createAdmin;
    std::string _configDir = "/etc/molar";
    bool _configDirGiven = false;
    std::string _dataDir = molar::host::defaultDataDir();
    std::vector<std::pair<std::string, std::string>> _sets;
    std::string _badOption;
};

} // namespace molar::host
