#include "chart/Shades.h"

#include <algorithm>

namespace molar::cases {

const std::vector<std::string>& shades(ShadeGuide guide)
{
    // VITA classical in its guide's groups A, B, C, D.
    static const std::vector<std::string> classical{"A1", "A2", "A3", "A3.5", "A4", "B1", "B2", "B3",
                                                    "B4", "C1", "C2", "C3",   "C4", "D2", "D3", "D4"};
    // VITA 3D-Master by lightness group 0-5, then hue (L, M, R) and chroma.
    static const std::vector<std::string> threeD{"0M1",   "0M2",   "0M3",                                 //
                                                 "1M1",   "1M2",                                          //
                                                 "2L1.5", "2L2.5", "2M1", "2M2", "2M3", "2R1.5", "2R2.5", //
                                                 "3L1.5", "3L2.5", "3M1", "3M2", "3M3", "3R1.5", "3R2.5", //
                                                 "4L1.5", "4L2.5", "4M1", "4M2", "4M3", "4R1.5", "4R2.5", //
                                                 "5M1",   "5M2",   "5M3"};
    return guide == ShadeGuide::Classical ? classical : threeD;
}

bool isShade(ShadeGuide guide, const std::string& shade)
{
    const auto& all = shades(guide);
    return std::find(all.begin(), all.end(), shade) != all.end();
}

bool parseShadeGuide(const std::string& text, ShadeGuide& guide)
{
    if (text == "classical")
        guide = ShadeGuide::Classical;
    else if (text == "3d-master")
        guide = ShadeGuide::ThreeDMaster;
    else
        return false;
    return true;
}

std::string shadeGuideName(ShadeGuide guide)
{
    return guide == ShadeGuide::Classical ? "classical" : "3d-master";
}

} // namespace molar::cases
