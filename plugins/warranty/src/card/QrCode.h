#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace molar::warranty {

// The text does not fit a QR code (too long) or libqrencode ran out of memory.
class QrCodeError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A QR code's module matrix, made by libqrencode: error correction level M (a card's
// scuffs and folds), 8-bit mode with case kept, so a URL's bytes come back as they were.
// The matrix has no quiet zone; whoever draws it leaves four light modules around it.
class QrCode
{
public:
    // Throws QrCodeError.
    static QrCode encode(const std::string& text);

    // Modules per side.
    int size() const { return _size; }

    // Whether the module in `column`, `row` (from the top left) is dark.
    bool dark(int column, int row) const
    {
        return _dark[static_cast<std::size_t>(row) * static_cast<std::size_t>(_size) +
                     static_cast<std::size_t>(column)];
    }

private:
    QrCode(int size, std::vector<bool> dark) : _size(size), _dark(std::move(dark)) {}

    int _size = 0;
    std::vector<bool> _dark;
};

} // namespace molar::warranty
