// The invoice PDF read back with poppler's tools, as a clinic's PDF reader would: the text
// that matters (number, IBAN, reference, total) is there in English and in Arabic, the
// Arabic words come back as the words typed, and the first page renders.
#include "pdf/InvoicePdf.h"
#include <molar/pdf/VisualText.h>

#include "PdfTools.h"
#include "TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

using namespace molar::billing;
using molar::pdf::hasRightToLeft;
using molar::pdf::visualOrder;

using molar::test::asExtracted;
using molar::test::CommandOutput;
using molar::test::pdfText;
using molar::test::runCommand;
using molar::test::writeTo;

namespace {

const char* const regularFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const boldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

InvoiceDocument english()
{
    InvoiceDocument doc;
    doc.labName = "Molar Dental Lab W.L.L.";
    doc.labAddress = {"Building 12, Salwa Road", "Doha, Qatar"};
    doc.labContact = "+974 4000 0000 · billing@lab.example";
    doc.labTaxNumber = "QA-300-1234";
    doc.number = "INV-2026-000042";
    doc.issuedOn = "2 Dec 2026";
    doc.dueOn = "1 Jan 2027";
    doc.state = "Issued";
    doc.organizationName = "Pearl Dental";
    doc.clinicName = "West Bay";
    doc.lines = {{"TR-261201-1A4F · Zirconia crown", "2", "1,250.50", "2,501.00"},
                 {"Remake credit TR-261115-0B2C", "1", "-400.00", "-400.00"}};
    doc.totals = {{"Subtotal", "QAR 2,101.00", false},
                  {"Tax (5%)", "QAR 105.05", false},
                  {"Total", "QAR 2,206.05", true}};
    doc.bankAccountName = "Molar Dental Lab";
    doc.bankName = "Doha Bank";
    doc.iban = "QA58DOHB00001234567890ABCDEFG";
    doc.bic = "DOHBQAQA";
    doc.transferReference = "MB-7K3Q-9XZ2";
    return doc;
}

InvoiceDocument arabic()
{
    InvoiceDocument doc = english();
    doc.rightToLeft = true;
    doc.labName = "مختبر الأسنان";
    doc.state = "صادرة";
    doc.labels.title = "فاتورة";
    doc.labels.number = "رقم الفاتورة";
    doc.labels.payment = "طريقة الدفع";
    doc.labels.reference = "مرجع التحويل";
    doc.totals.back().label = "الإجمالي";
    return doc;
}

// Dark pixels of the first page rendered in grey at 200 dpi.
long ink(const molar::test::TempDir& dir, const std::string& name, const std::string& bytes)
{
    const std::string pdf = writeTo(dir, name + ".pdf", bytes);
    const CommandOutput out = runCommand("pdftoppm -q -gray -r 200 -f 1 -l 1 " + pdf + " " + dir.file(name));
    CPPUNIT_ASSERT_EQUAL(0, out.status);
    std::ifstream image(dir.file(name + "-1.pgm"), std::ios::binary);
    CPPUNIT_ASSERT(image.good());
    std::string magic;
    int width = 0, height = 0, maxValue = 0;
    image >> magic >> width >> height >> maxValue;
    image.get();
    CPPUNIT_ASSERT_EQUAL(std::string("P5"), magic);
    long dark = 0;
    for (long i = 0; i < static_cast<long>(width) * height; ++i) {
        if (image.get() < maxValue / 2)
            ++dark;
    }
    return dark;
}

} // namespace

class InvoicePdfTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InvoicePdfTest);
    CPPUNIT_TEST(testEnglishText);
    CPPUNIT_TEST(testArabicText);
    CPPUNIT_TEST(testArabicLettersKeepEveryPart);
    CPPUNIT_TEST(testFirstPageRenders);
    CPPUNIT_TEST(testManyLinesContinueOnAnotherPage);
    CPPUNIT_TEST(testLongInstructionsWrap);
    CPPUNIT_TEST(testMissingFontIsAnError);
    CPPUNIT_TEST(testVisualOrder);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEnglishText()
    {
        const std::string bytes = InvoicePdf(regularFont, boldFont).render(english());
        CPPUNIT_ASSERT_EQUAL(std::string("%PDF-"), bytes.substr(0, 5));
        const std::string text = pdfText(_dir, "en.pdf", bytes);
        for (const char* expected :
             {"INV-2026-000042", "QA58DOHB00001234567890ABCDEFG", "MB-7K3Q-9XZ2", "QAR 2,206.05",
              "Pearl Dental", "Zirconia crown", "-400.00", "Due: 1 Jan 2027"})
            CPPUNIT_ASSERT_MESSAGE(std::string(expected) + " in:\n" + text,
                                   text.find(expected) != std::string::npos);
    }

    void testArabicText()
    {
        const std::string text = pdfText(_dir, "ar.pdf", InvoicePdf(regularFont, boldFont).render(arabic()));
        // Latin data on an Arabic page keeps its own order.
        for (const char* expected : {"INV-2026-000042", "QA58DOHB00001234567890ABCDEFG", "MB-7K3Q-9XZ2",
                                     "QAR 2,206.05", "+974 4000 0000"})
            CPPUNIT_ASSERT_MESSAGE(std::string(expected) + " in:\n" + text,
                                   text.find(expected) != std::string::npos);
        for (const char* word :
             {"فاتورة", "الفاتورة", "مختبر", "الأسنان", "الإجمالي", "طريقة", "صادرة", "التحويل"}) {
            CPPUNIT_ASSERT_MESSAGE(std::string(word) + " in:\n" + text,
                                   text.find(asExtracted(word)) != std::string::npos);
            // Drawn shaped, not as the bare letters typed.
            CPPUNIT_ASSERT(text.find(word) == std::string::npos);
        }
    }

    void testArabicLettersKeepEveryPart()
    {
        // DejaVu's initial and medial teh are composites of composites; embedded one level
        // deep only, they drew their dots and no letter: less ink than the bare joining
        // strokes (tatweel) of the same length, where the whole letters draw more.
        InvoiceDocument blank = arabic();
        blank.labName = "-";
        InvoiceDocument letters = arabic();
        letters.labName = "تتتتتتتتتتت";
        InvoiceDocument strokes = arabic();
        strokes.labName = "ـــــــــــــــــــــ";
        const InvoicePdf pdf(regularFont, boldFont);
        const long base = ink(_dir, "blank", pdf.render(blank));
        const long lettersInk = ink(_dir, "letters", pdf.render(letters)) - base;
        const long strokesInk = ink(_dir, "strokes", pdf.render(strokes)) - base;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(lettersInk) + " vs " + std::to_string(strokesInk),
                               lettersInk > strokesInk);
    }

    void testFirstPageRenders()
    {
        const std::string pdf = writeTo(_dir, "page.pdf", InvoicePdf(regularFont, boldFont).render(arabic()));
        CPPUNIT_ASSERT_EQUAL(
            0, runCommand("pdftoppm -q -png -r 50 -f 1 -l 1 " + pdf + " " + _dir.file("page")).status);
        std::ifstream png(_dir.file("page-1.png"), std::ios::binary);
        std::string head(8, '\0');
        png.read(head.data(), 8);
        CPPUNIT_ASSERT_EQUAL(std::string("\x89PNG\r\n\x1a\n"), head);
    }

    void testManyLinesContinueOnAnotherPage()
    {
        InvoiceDocument doc = english();
        doc.lines.clear();
        for (int i = 0; i < 80; ++i)
            doc.lines.push_back(
                {"TR-261201-" + std::to_string(1000 + i) + " · Zirconia crown", "1", "10.00", "10.00"});
        const std::string text = pdfText(_dir, "long.pdf", InvoicePdf(regularFont, boldFont).render(doc));
        CPPUNIT_ASSERT(text.find("TR-261201-1000") != std::string::npos);
        CPPUNIT_ASSERT(text.find("TR-261201-1079") != std::string::npos);
        CPPUNIT_ASSERT(text.find("Page 2 / ") != std::string::npos);
        CPPUNIT_ASSERT(text.find("MB-7K3Q-9XZ2") != std::string::npos);
    }

    void testLongInstructionsWrap()
    {
        // The bank's instructions are one long sentence; every word of it reaches the page.
        InvoiceDocument doc = english();
        doc.paymentInstructions =
            "Transfer QAR 2,206.05 to Molar Dental Laboratory W.L.L., Doha Bank, IBAN QA58 DOHB "
            "0000 1234 5678 90AB CDEF G, BIC DOHBQAQA, quoting the reference MB-7K3Q-9XZ2 so "
            "that the payment reaches your invoice.";
        const std::string text = pdfText(_dir, "wrap.pdf", InvoicePdf(regularFont, boldFont).render(doc));
        CPPUNIT_ASSERT_MESSAGE(text, text.find("IBAN QA58 DOHB") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("reaches your invoice.") != std::string::npos);
        CPPUNIT_ASSERT(text.find("\xE2\x80\xA6") == std::string::npos); // nothing cut
    }

    void testMissingFontIsAnError()
    {
        CPPUNIT_ASSERT_THROW(InvoicePdf("/nonexistent/font.ttf", boldFont).render(english()),
                             InvoicePdfError);
    }

    void testVisualOrder()
    {
        // Latin stays as it is; an Arabic word is reversed and shaped; numbers inside
        // Arabic keep their own order.
        CPPUNIT_ASSERT_EQUAL(std::string("IBAN: QA58"), visualOrder("IBAN: QA58", false));
        CPPUNIT_ASSERT_EQUAL(std::string("IBAN: QA58"), visualOrder("IBAN: QA58", true));
        // "بيت" (house): final teh, medial yeh, initial beh, left to right.
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBA\x96\xEF\xBB\xB4\xEF\xBA\x91"), visualOrder("بيت", true));
        const std::string mixed = visualOrder("رقم 42", true);
        CPPUNIT_ASSERT_EQUAL(std::string("42 "), mixed.substr(0, 3));
        CPPUNIT_ASSERT(hasRightToLeft("رقم"));
        CPPUNIT_ASSERT(hasRightToLeft("INV \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D")); // Hebrew
        CPPUNIT_ASSERT(!hasRightToLeft("INV-2026-000042"));
        // A right-to-left embedding or override mark around Latin text is no letter.
        CPPUNIT_ASSERT(!hasRightToLeft("\xE2\x80\xAB"
                                       "INV-42\xE2\x80\xAC"));
        CPPUNIT_ASSERT(!hasRightToLeft("\xE2\x80\xAEINV-42"));
    }

private:
    molar::test::TempDir _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(InvoicePdfTest);
