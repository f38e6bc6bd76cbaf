#pragma once

#include <string>
#include <vector>

namespace molar::cases {

// Shade guides: VITA classical (A1 ... D4) and VITA Toothguide 3D-Master (0M1 ... 5M3).
enum class ShadeGuide
{
    Classical,
    ThreeDMaster
};

const std::vector<std::string>& shades(ShadeGuide guide);
bool isShade(ShadeGuide guide, const std::string& shade);
// "classical" / "3d-master"; false for anything else.
bool parseShadeGuide(const std::string& text, ShadeGuide& guide);
std::string shadeGuideName(ShadeGuide guide);

} // namespace molar::cases
