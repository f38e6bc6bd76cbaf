#include "demo/DemoArch.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace molar::aligners {

namespace {

using Point = std::array<float, 3>;

void put(std::string& out, float value)
{
    char bytes[4];
    std::memcpy(bytes, &value, 4); // STL is little-endian, as this machine is
    out.append(bytes, 4);
}

void triangle(std::string& out, const Point& a, const Point& b, const Point& c)
{
    for (int i = 0; i < 3; ++i)
        put(out, 0.0f); // the normal: readers compute it from the vertices
    for (const Point& p : {a, b, c})
        for (float v : p)
            put(out, v);
    out.append(2, '\0');
}

// A box centred at (x, y) on the occlusal plane, `w` wide, `d` deep and `h` high.
void box(std::string& out, float x, float y, float w, float d, float h)
{
    const float x0 = x - w / 2, x1 = x + w / 2, y0 = y - d / 2, y1 = y + d / 2, z0 = 0, z1 = h;
    const Point p[8] = {{x0, y0, z0}, {x1, y0, z0}, {x1, y1, z0}, {x0, y1, z0},
                        {x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}};
    const int faces[6][4] = {{0, 3, 2, 1}, {4, 5, 6, 7}, {0, 1, 5, 4},
                             {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}};
    for (const auto& f : faces) {
        triangle(out, p[f[0]], p[f[1]], p[f[2]]);
        triangle(out, p[f[0]], p[f[2]], p[f[3]]);
    }
}

} // namespace

std::string demoArchStl(bool upper, int step, int steps)
{
    constexpr int kTeeth = 14;
    std::string body;
    const float progress = steps > 0 ? static_cast<float>(step) / static_cast<float>(steps) : 1.0f;
    const float width = upper ? 25.0f : 22.0f;
    for (int i = 0; i < kTeeth; ++i) {
        const float t = (static_cast<float>(i) - (kTeeth - 1) / 2.0f) / ((kTeeth - 1) / 2.0f); // -1..1
        const float x = width * t;
        float y = 30.0f * t * t; // the arch's curve
        // Crowding at the start: every other front tooth out of line, straightening by the last step.
        if (std::fabs(t) < 0.5f && i % 2 == 0)
            y -= 2.5f * (1.0f - progress);
        const float tooth = std::fabs(t) < 0.35f ? 3.6f : 4.6f;
        box(body, x, y, tooth, 6.0f, std::fabs(t) < 0.35f ? 9.0f : 7.0f);
    }
    std::string stl(80, ' ');
    stl.replace(0, 24, upper ? "molar demo upper arch   " : "molar demo lower arch   ");
    const std::uint32_t count = kTeeth * 12;
    for (int i = 0; i < 4; ++i)
        stl += static_cast<char>((count >> (8 * i)) & 0xFF);
    return stl + body;
}

} // namespace molar::aligners
