#include "pdf/InvoicePdf.h"

#include <molar/pdf/EmbeddedFont.h>
#include <molar/pdf/PdfDocument.h>
#include <molar/pdf/TextLine.h>

#include <hpdf.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace molar::billing {

using pdf::EmbeddedFont;

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

// Positions in the layout are "from the start": distance from the left margin for a
// left-to-right document, from the right margin for a right-to-left one, so one layout
// serves both and Arabic pages come out mirrored.
class Canvas
{
public:
    Canvas(HPDF_Doc pdf, EmbeddedFont regular, EmbeddedFont bold, bool rightToLeft)
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
        return pdf::wrapWords(_page, bold ? _bold : _regular, size, logical, _rtl, maxWidth);
    }

    // Draws one line of text ending (Align::End) or starting at `offset` from the start
    // margin, cut with an ellipsis to `maxWidth` when given.
    void text(const std::string& logical, float offset, Align align, bool bold, float size,
              float maxWidth = 0, float y = -1)
    {
        if (logical.empty())
            return;
        if (_allDrawn && !pdf::drawsAll(bold ? _bold : _regular, logical))
            _allDrawn = false;
        const pdf::TextLine line =
            pdf::fitLine(_page, bold ? _bold : _regular, size, logical, _rtl, maxWidth);
        // Physical left edge: start-aligned text begins at the offset in reading order.
        const bool leftEdgeAtOffset = (align == Align::Start) != _rtl;
        const float physical = _rtl ? pageWidth - margin - offset : margin + offset;
        const float left = leftEdgeAtOffset ? physical : physical - line.width;
        HPDF_Page_BeginText(_page);
        HPDF_Page_TextOut(_page, left, y < 0 ? _y : y, line.visual.c_str());
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
    // Whether the font had every letter of every text drawn so far (pdf::drawsAll).
    bool allDrawn() const { return _allDrawn; }

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
    HPDF_Doc _pdf;
    EmbeddedFont _regular;
    EmbeddedFont _bold;
    bool _rtl;
    HPDF_Page _page = nullptr;
    std::vector<HPDF_Page> _pages;
    float _y = 0;
    bool _allDrawn = true;
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

std::string failure(const pdf::ErrorState& errors, const std::string& step)
{
    return "invoice PDF: " + step + " failed (" + errors.describe() + ")";
}

} // namespace

InvoicePdf::InvoicePdf(std::string regularFontFile, std::string boldFontFile)
    : _regularFontFile(std::move(regularFontFile)), _boldFontFile(std::move(boldFontFile))
{
}

std::string InvoicePdf::render(const InvoiceDocument& document, bool* allDrawn) const
{
    pdf::PdfDocument output;
    if (!output.started())
        throw InvoicePdfError("invoice PDF: libharu could not start (out of memory)");
    HPDF_Doc doc = output.handle();
    const pdf::ErrorState& errors = output.errors();
    const EmbeddedFont regular = pdf::embedTrueTypeFont(doc, _regularFontFile);
    const EmbeddedFont bold = pdf::embedTrueTypeFont(doc, _boldFontFile);
    if (errors.failed() || regular.font == nullptr || bold.font == nullptr)
        throw InvoicePdfError(
            failure(errors, "loading the fonts " + _regularFontFile + ", " + _boldFontFile));
    HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "Molar");
    HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, document.number.c_str());

    Canvas canvas(doc, regular, bold, document.rightToLeft);
    header(canvas, document);
    billedTo(canvas, document);
    lines(canvas, document);
    totals(canvas, document);
    payment(canvas, document);
    canvas.pageFooters(document.labels.page);
    if (allDrawn)
        *allDrawn = canvas.allDrawn();
    if (errors.failed())
        throw InvoicePdfError(failure(errors, "drawing invoice " + document.number));

    std::string bytes;
    if (!output.write(bytes))
        throw InvoicePdfError(failure(errors, "writing invoice " + document.number));
    return bytes;
}

} // namespace molar::billing
