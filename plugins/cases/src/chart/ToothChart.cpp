#include "chart/ToothChart.h"

#include <algorithm>
#include <stdexcept>

namespace molar::cases {

namespace {

// Universal 1..32 in order: upper right third molar round to the upper left,
// then lower left third molar round to the lower right.
const std::vector<int>& universalPermanent()
{
    static const std::vector<int> fdi{18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28,
                                      38, 37, 36, 35, 34, 33, 32, 31, 41, 42, 43, 44, 45, 46, 47, 48};
    return fdi;
}

// Universal A..T in the same order, second molar to second molar.
const std::vector<int>& universalDeciduous()
{
    static const std::vector<int> fdi{55, 54, 53, 52, 51, 61, 62, 63, 64, 65,
                                      75, 74, 73, 72, 71, 81, 82, 83, 84, 85};
    return fdi;
}

int position(const std::vector<int>& teeth, int fdi)
{
    auto it = std::find(teeth.begin(), teeth.end(), fdi);
    return it == teeth.end() ? -1 : static_cast<int>(it - teeth.begin());
}

int parseFdi(const std::string& label)
{
    if (label.size() != 2 || label[0] < '1' || label[0] > '8' || label[1] < '1' || label[1] > '8')
        return 0;
    int fdi = (label[0] - '0') * 10 + (label[1] - '0');
    return isTooth(fdi) ? fdi : 0;
}

int parseUniversal(const std::string& label)
{
    if (label.size() == 1 && label[0] >= 'A' && label[0] <= 'T')
        return universalDeciduous()[label[0] - 'A'];
    if (label.empty() || label.size() > 2 || label[0] < '1' || label[0] > '9')
        return 0;
    if (label.size() == 2 && (label[1] < '0' || label[1] > '9'))
        return 0;
    int number = std::stoi(label);
    return number <= 32 ? universalPermanent()[number - 1] : 0;
}

} // namespace

bool isTooth(int fdi)
{
    int quadrant = fdi / 10;
    int tooth = fdi % 10;
    if (quadrant >= 1 && quadrant <= 4)
        return tooth >= 1 && tooth <= 8;
    if (quadrant >= 5 && quadrant <= 8)
        return tooth >= 1 && tooth <= 5;
    return false;
}

int parseTooth(const std::string& label, Numbering numbering)
{
    return numbering == Numbering::FDI ? parseFdi(label) : parseUniversal(label);
}

std::string toothLabel(int fdi, Numbering numbering)
{
    if (!isTooth(fdi))
        return "";
    if (numbering == Numbering::FDI)
        return std::to_string(fdi);
    int permanent = position(universalPermanent(), fdi);
    if (permanent >= 0)
        return std::to_string(permanent + 1);
    return std::string(1, static_cast<char>('A' + position(universalDeciduous(), fdi)));
}

const std::vector<int>& permanentChartOrder()
{
    static const std::vector<int> order{18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28,
                                        48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38};
    return order;
}

const std::vector<std::string>& toothStates()
{
    static const std::vector<std::string> states{
        "missing", "planned_extraction", "inlay_onlay_filling", "crown", "bridge",
        "implant", "retained_deciduous", "do_not_move"};
    return states;
}

bool isToothState(const std::string& state)
{
    const auto& states = toothStates();
    return std::find(states.begin(), states.end(), state) != states.end();
}

std::string encodeSelection(const ToothSelection& selection)
{
    std::string out;
    for (const auto& [fdi, state] : selection) {
        if (!isTooth(fdi) || !isToothState(state))
            throw std::invalid_argument("not a tooth and its state: " + std::to_string(fdi) + ":" + state);
        out += (out.empty() ? "" : ",") + std::to_string(fdi) + ":" + state;
    }
    return out;
}

ToothSelection decodeSelection(const std::string& encoded)
{
    ToothSelection selection;
    if (encoded.empty())
        return selection;
    std::string::size_type start = 0;
    while (start <= encoded.size()) {
        auto end = encoded.find(',', start);
        if (end == std::string::npos)
            end = encoded.size();
        std::string item = encoded.substr(start, end - start);
        auto colon = item.find(':');
        int fdi = colon == std::string::npos ? 0 : parseFdi(item.substr(0, colon));
        std::string state = colon == std::string::npos ? "" : item.substr(colon + 1);
        if (fdi == 0 || !isToothState(state))
            throw std::invalid_argument("bad tooth selection item '" + item + "'");
        if (!selection.emplace(fdi, state).second)
            throw std::invalid_argument("tooth " + std::to_string(fdi) + " is selected twice");
        start = end + 1;
    }
    return selection;
}

bool isArch(const std::string& arch)
{
    return arch == "upper" || arch == "lower" || arch == "both";
}

} // namespace molar::cases
