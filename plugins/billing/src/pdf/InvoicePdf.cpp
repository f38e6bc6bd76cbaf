#include "pdf/InvoicePdf.h"

#include "pdf/VisualText.h"

#include <hpdf.h>
#include <hpdf_fontdef.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace molar::billing {

namespace {

constexpr float pageWidth = 595.276F; // A4 in points
constexpr float pageHeight = 841.89F;
constexpr float margin = 50.0F;
constexpr float contentWidth = pageWidth - 2 * margin;
constexpr float footerSpace = 40.0F;

enum class Align
{
    Start,
    End
};

// libharu reports errors through a callback; it keeps the first, and the caller checks it
// after each step instead of throwing across C frames.
struct ErrorState
{
    HPDF_STATUS code = HPDF_OK;
    HPDF_STATUS detail = 0;
};

void onError(HPDF_STATUS code, HPDF_STATUS detail, void* data)
{
    auto* state = static_cast<ErrorState*>(data);
    if (state->code == HPDF_OK) {
        state->code = code;
        state->detail = detail;
    }
}

struct Face
{
    HPDF_Font font;
    HPDF_FontDef definition;
};

// libharu embeds only the glyphs a document uses, and follows a composite glyph's parts one
// level down only: DejaVu's Arabic presentation forms (initial teh, qaf, lam-alef with
// hamza...) are composites of composites, and came out without their dots or bodies. So
// each character drawn has its glyph and every part, however deep, marked for embedding
// here, in libharu's own table (hpdf_fontdef.h), before the text is measured or shown.
void markGlyph(HPDF_TTFontDefAttr font, HPDF_UINT16 gid, int depth)
{
    if (gid >= font->num_glyphs || depth > 8)
        return;
    font->glyph_tbl.flgs[gid] = 1;
    HPDF_UINT32 offset = font->glyph_tbl.offsets[gid];
    HPDF_UINT32 next = font->glyph_tbl.offsets[gid + 1];
    if (next <= offset)
        return; // no outline (a space)
    if (font->header.index_to_loc_format == 0)
        offset *= 2;
    offset += font->glyph_tbl.base_offset;
    HPDF_BYTE head[10];
    HPDF_UINT size = sizeof head;
    if (HPDF_Stream_Seek(font->stream, static_cast<HPDF_INT>(offset), HPDF_SEEK_SET) != HPDF_OK ||
        HPDF_Stream_Read(font->stream, head, &size) != HPDF_OK || size != sizeof head)
        return;
    if (static_cast<std::int16_t>((head[0] << 8) | head[1]) != -1)
        return; // a simple glyph
    std::vector<HPDF_UINT16> parts;
    constexpr unsigned argsAreWords = 1, scale = 8, moreComponents = 32, xyScale = 64, twoByTwo = 128;
    unsigned flags = 0;
    do {
        HPDF_BYTE entry[4];
        size = sizeof entry;
        if (HPDF_Stream_Read(font->stream, entry, &size) != HPDF_OK || size != sizeof entry)
            break;
        flags = (entry[0] << 8) | entry[1];
        parts.push_back(static_cast<HPDF_UINT16>((entry[2] << 8) | entry[3]));
        HPDF_INT skip = (flags & argsAreWords) ? 4 : 2;
        skip += (flags & scale) ? 2 : (flags & xyScale) ? 4 : (flags & twoByTwo) ? 8 : 0;
        if (HPDF_Stream_Seek(font->stream, skip, HPDF_SEEK_CUR) != HPDF_OK)
            break;
    } while (flags & moreComponents);
    for (const HPDF_UINT16 part : parts)
        markGlyph(font, part, depth + 1);
}

void markGlyphs(HPDF_FontDef definition, const std::string& visual)
{
    auto* font = static_cast<HPDF_TTFontDefAttr>(definition->attr);
    std::size_t i = 0;
    while (i < visual.size()) {
        const auto lead = static_cast<unsigned char>(visual[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        std::uint32_t c = length == 1 ? lead : lead & (0xFFu >> (length + 1));
        for (std::size_t k = 1; k < length && i + k < visual.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(visual[i + k]) & 0x3Fu);
        if (c <= 0xFFFF)
            markGlyph(font, HPDF_TTFontDef_GetGlyphid(definition, static_cast<HPDF_UINT16>(c)), 0);
        i += length;
    }
}

// Positions in the layout are "from the start": distance from the left margin for a
// left-to-right document, from the right margin for a right-to-left one, so one layout
// serves both and Arabic pages come out mirrored.
class Canvas
{
public:
    Canvas(HPDF_Doc pdf, Face regular, Face bold, bool rightToLeft)
        : _pdf(pdf), _regular(regular), _bold(bold), _rtl(rightToLeft)
    {
        newPage();
    }

    void newPage()
    {
        _page = HPDF_AddPage(_pdf);
        HPDF_Page_SetSize(_page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        _pages.push_back(_page);
        _y = pageHeight - margin;
    }

    // Starts a new page when fewer than `height` points are left above the footer.
    bool ensureRoom(float height)
    {
        if (_y - height >= margin + footerSpace)
            return false;
        newPage();
        return true;
    }

    float y() const { return _y; }
    void down(float points) { _y -= points; }

    // Splits a paragraph at spaces into lines no wider than `maxWidth`; a word wider
    // than a line stays whole (and is cut by text()).
    std::vector<std::string> wrap(const std::string& logical, bool bold, float size, float maxWidth)
    {
        HPDF_Page_SetFontAndSize(_page, bold ? _bold.font : _regular.font, size);
        const bool rtl = _rtl && hasRightToLeft(logical);
        std::vector<std::string> lines;
        std::string line;
        std::size_t start = 0;
        while (start < logical.size()) {
            std::size_t end = logical.find(' ', start);
            if (end == std::string::npos)
                end = logical.size();
            const std::string word = logical.substr(start, end - start);
            start = end + 1;
            if (word.empty())
                continue;
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && HPDF_Page_TextWidth(_page, visualOrder(candidate, rtl).c_str()) > maxWidth) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        if (!line.empty())
            lines.push_back(line);
        return lines;
    }

    // Draws one line of text ending (Align::End) or starting at `offset` from the start
    // margin, cut with an ellipsis to `maxWidth` when given.
    void text(const std::string& logical, float offset, Align align, bool bold, float size,
              float maxWidth = 0, float y = -1)
    {
        if (logical.empty())
            return;
        const Face& face = bold ? _bold : _regular;
        HPDF_Page_SetFontAndSize(_page, face.font, size);
        // Data without right-to-left letters (a phone number, an IBAN) keeps its own order
        // on an Arabic page, as a browser's dir="auto" would.
        const bool rtl = _rtl && hasRightToLeft(logical);
        std::string visual = visualOrder(logical, rtl);
        markGlyphs(face.definition, visual);
        float width = HPDF_Page_TextWidth(_page, visual.c_str());
        if (maxWidth > 0 && width > maxWidth) {
            std::string cut = logical;
            while (!cut.empty() && width > maxWidth) {
                dropLastCharacter(cut);
                visual = visualOrder(cut + "\xE2\x80\xA6", rtl);
                markGlyphs(face.definition, visual);
                width = HPDF_Page_TextWidth(_page, visual.c_str());
            }
        }
        // Physical left edge: start-aligned text begins at the offset in reading order.
        const bool leftEdgeAtOffset = (align == Align::Start) != _rtl;
        const float physical = _rtl ? pageWidth - margin - offset : margin + offset;
        const float left = leftEdgeAtOffset ? physical : physical - width;
        HPDF_Page_BeginText(_page);
        HPDF_Page_TextOut(_page, left, y < 0 ? _y : y, visual.c_str());
        HPDF_Page_EndText(_page);
    }

    void rule(float from, float to, float width = 0.5F)
    {
        const float a = _rtl ? pageWidth - margin - from : margin + from;
        const float b = _rtl ? pageWidth - margin - to : margin + to;
        HPDF_Page_SetLineWidth(_page, width);
        HPDF_Page_MoveTo(_page, a, _y);
        HPDF_Page_LineTo(_page, b, _y);
        HPDF_Page_Stroke(_page);
    }

    const std::vector<HPDF_Page>& pages() const { return _pages; }

    void pageFooters(const std::string& label)
    {
        const std::size_t count = _pages.size();
        for (std::size_t i = 0; i < count; ++i) {
            _page = _pages[i];
            text(label + " " + std::to_string(i + 1) + " / " + std::to_string(count), contentWidth,
                 Align::End, false, 8, 0, margin - 10);
        }
    }

private:
    static void dropLastCharacter(std::string& utf8)
    {
        std::size_t end = utf8.size();
        do {
            --end;
        } while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80);
        utf8.resize(end);
    }

    HPDF_Doc _pdf;
    Face _regular;
    Face _bold;
    bool _rtl;
    HPDF_Page _page = nullptr;
    std::vector<HPDF_Page> _pages;
    float _y = 0;
};

// Columns of the lines' table, from the start margin: description, then the numbers,
// each aligned on its end edge.
constexpr float quantityEnd = 330.0F;
constexpr float unitPriceEnd = 415.0F;
constexpr float amountEnd = contentWidth;
constexpr float descriptionWidth = 270.0F;
constexpr float totalLabelEnd = 385.0F;

std::string labelled(const std::string& label, const std::string& value)
{
    return label + ": " + value;
}

void header(Canvas& canvas, const InvoiceDocument& doc)
{
    const float top = canvas.y();
    canvas.down(6);
    canvas.text(doc.labName, 0, Align::Start, true, 15, 260);
    canvas.down(16);
    for (const std::string& line : doc.labAddress) {
        canvas.text(line, 0, Align::Start, false, 9, 260);
        canvas.down(12);
    }
    if (!doc.labContact.empty()) {
        canvas.text(doc.labContact, 0, Align::Start, false, 9, 260);
        canvas.down(12);
    }
    if (!doc.labTaxNumber.empty()) {
        canvas.text(labelled(doc.labels.taxNumber, doc.labTaxNumber), 0, Align::Start, false, 9, 260);
        canvas.down(12);
    }
    const float leftBottom = canvas.y();

    // The invoice's title and facts at the end side, from the same top.
    float y = top - 14;
    canvas.text(doc.labels.title, contentWidth, Align::End, true, 20, 0, y);
    y -= 22;
    const std::pair<const std::string*, const std::string*> facts[] = {
        {&doc.labels.number, &doc.number},
        {&doc.labels.issued, &doc.issuedOn},
        {&doc.labels.due, &doc.dueOn},
        {&doc.labels.state, &doc.state},
    };
    for (const auto& [label, value] : facts) {
        if (value->empty())
            continue;
        canvas.text(labelled(*label, *value), contentWidth, Align::End, false, 10, 240, y);
        y -= 14;
    }
    canvas.down(canvas.y() - std::min(leftBottom, y));
    canvas.down(12);
}

void billedTo(Canvas& canvas, const InvoiceDocument& doc)
{
    canvas.text(doc.labels.billedTo, 0, Align::Start, true, 10);
    canvas.down(14);
    canvas.text(doc.organizationName, 0, Align::Start, false, 10, contentWidth);
    canvas.down(13);
    if (!doc.clinicName.empty()) {
        canvas.text(doc.clinicName, 0, Align::Start, false, 10, contentWidth);
        canvas.down(13);
    }
    canvas.down(12);
}

void tableHead(Canvas& canvas, const InvoiceDocumentLabels& labels)
{
    canvas.text(labels.description, 0, Align::Start, true, 9, descriptionWidth);
    canvas.text(labels.quantity, quantityEnd, Align::End, true, 9);
    canvas.text(labels.unitPrice, unitPriceEnd, Align::End, true, 9);
    canvas.text(labels.amount, amountEnd, Align::End, true, 9);
    canvas.down(6);
    canvas.rule(0, contentWidth);
    canvas.down(14);
}

void lines(Canvas& canvas, const InvoiceDocument& doc)
{
    tableHead(canvas, doc.labels);
    for (const InvoiceDocumentLine& line : doc.lines) {
        if (canvas.ensureRoom(16))
            tableHead(canvas, doc.labels);
        canvas.text(line.description, 0, Align::Start, false, 9, descriptionWidth);
        canvas.text(line.quantity, quantityEnd, Align::End, false, 9);
        canvas.text(line.unitPrice, unitPriceEnd, Align::End, false, 9);
        canvas.text(line.amount, amountEnd, Align::End, false, 9);
        canvas.down(15);
    }
    canvas.down(-9);
    canvas.rule(0, contentWidth);
    canvas.down(16);
}

void totals(Canvas& canvas, const InvoiceDocument& doc)
{
    for (const InvoiceDocumentTotal& total : doc.totals) {
        canvas.ensureRoom(16);
        const float size = total.emphasis ? 11.0F : 9.0F;
        canvas.text(total.label, totalLabelEnd, Align::End, total.emphasis, size);
        canvas.text(total.amount, amountEnd, Align::End, total.emphasis, size);
        canvas.down(total.emphasis ? 17.0F : 14.0F);
    }
    canvas.down(14);
}

void payment(Canvas& canvas, const InvoiceDocument& doc)
{
    const std::pair<const std::string*, const std::string*> rows[] = {
        {&doc.labels.accountName, &doc.bankAccountName},
        {&doc.labels.bank, &doc.bankName},
        {&doc.labels.iban, &doc.iban},
        {&doc.labels.bic, &doc.bic},
        {&doc.labels.reference, &doc.transferReference},
    };
    std::vector<std::string> texts;
    for (const auto& [label, value] : rows) {
        if (!value->empty())
            texts.push_back(labelled(*label, *value));
    }
    std::size_t start = 0;
    while (start <= doc.paymentInstructions.size() && !doc.paymentInstructions.empty()) {
        const std::size_t end = doc.paymentInstructions.find('\n', start);
        const std::string line =
            doc.paymentInstructions.substr(start, end == std::string::npos ? end : end - start);
        if (!line.empty())
            texts.push_back(line);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (texts.empty())
        return;
    canvas.ensureRoom(20 + 14 * static_cast<float>(texts.size()));
    canvas.text(doc.labels.payment, 0, Align::Start, true, 11);
    canvas.down(16);
    for (const std::string& text : texts) {
        for (const std::string& line : canvas.wrap(text, false, 10, contentWidth)) {
            canvas.ensureRoom(14);
            canvas.text(line, 0, Align::Start, false, 10, contentWidth);
            canvas.down(14);
        }
    }
}

std::string failure(const ErrorState& errors, const std::string& step)
{
    char code[32];
    std::snprintf(code, sizeof code, "0x%04X/%u", static_cast<unsigned>(errors.code),
                  static_cast<unsigned>(errors.detail));
    return "invoice PDF: " + step + " failed (libharu error " + code + ")";
}

} // namespace

InvoicePdf::InvoicePdf(std::string regularFontFile, std::string boldFontFile)
    : _regularFontFile(std::move(regularFontFile)), _boldFontFile(std::move(boldFontFile))
{
}

std::string InvoicePdf::render(const InvoiceDocument& document) const
{
    ErrorState errors;
    std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> pdf(HPDF_New(onError, &errors),
                                                                             HPDF_Free);
    if (!pdf)
        throw InvoicePdfError("invoice PDF: libharu could not start (out of memory)");
    HPDF_Doc doc = pdf.get();
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(doc);
    HPDF_SetCurrentEncoder(doc, "UTF-8");
    const char* regularName = HPDF_LoadTTFontFromFile(doc, _regularFontFile.c_str(), HPDF_TRUE);
    const char* boldName = HPDF_LoadTTFontFromFile(doc, _boldFontFile.c_str(), HPDF_TRUE);
    if (errors.code != HPDF_OK || regularName == nullptr || boldName == nullptr)
        throw InvoicePdfError(
            failure(errors, "loading the fonts " + _regularFontFile + ", " + _boldFontFile));
    const Face regular{HPDF_GetFont(doc, regularName, "UTF-8"), HPDF_GetFontDef(doc, regularName)};
    const Face bold{HPDF_GetFont(doc, boldName, "UTF-8"), HPDF_GetFontDef(doc, boldName)};
    if (errors.code != HPDF_OK)
        throw InvoicePdfError(failure(errors, "preparing the fonts"));
    HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "Molar");
    HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, document.number.c_str());

    Canvas canvas(doc, regular, bold, document.rightToLeft);
    header(canvas, document);
    billedTo(canvas, document);
    lines(canvas, document);
    totals(canvas, document);
    payment(canvas, document);
    canvas.pageFooters(document.labels.page);
    if (errors.code != HPDF_OK)
        throw InvoicePdfError(failure(errors, "drawing invoice " + document.number));

    if (HPDF_SaveToStream(doc) != HPDF_OK)
        throw InvoicePdfError(failure(errors, "writing invoice " + document.number));
    HPDF_UINT32 size = HPDF_GetStreamSize(doc);
    std::string bytes(size, '\0');
    HPDF_ResetStream(doc);
    if (HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) != HPDF_OK && size == 0)
        throw InvoicePdfError(failure(errors, "reading invoice " + document.number));
    bytes.resize(size);
    return bytes;
}

} // namespace molar::billing
