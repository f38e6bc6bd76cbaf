// The warranty card read back as a clinic's printer and a patient's phone would: poppler's
// tools find the page size and the text (English and Arabic), and the QR code, rendered at
// 300 dpi and read by zbar, gives back exactly the verify URL on both layouts in both
// directions.
#include "card/WarrantyCardPdf.h"

#include "PdfTools.h"
#include "TestDatabase.h"

#include <molar/pdf/VisualText.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sys/wait.h>

using namespace molar::warranty;

using molar::test::asExtracted;
using molar::test::CommandOutput;
using molar::test::pdfText;
using molar::test::runCommand;
using molar::test::writeTo;

namespace {

const char* const regularFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const boldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const char* const verifyUrl = "https://lab.example/verify/TR-261201-1A4F?code=ABCD-EFGH";

constexpr double a4Width = 595.276, a4Height = 841.89;          // points
constexpr double walletWidth = 242.646, walletHeight = 153.071; // 85.6 x 54 mm

WarrantyCard english()
{
    WarrantyCard card;
    card.language = "en";
    card.title = "Warranty card";
    card.labName = "Molar Dental Lab W.L.L.";
    card.fields = {{"Warranty number", "W-TR-261201-1A4F"},
                   {"Case number", "TR-261201-1A4F"},
                   {"Restoration", "Zirconia crown"},
                   {"Teeth", "11, 21"},
                   {"Clinic", "Pearl Dental"},
                   {"Issued", "1 Dec 2026"},
                   {"Expires", "1 Dec 2031"}};
    card.checkCodeLabel = "Check code";
    card.checkCode = "ABCD-EFGH";
    card.verifyUrl = verifyUrl;
    card.scanLine = "Scan to verify";
    return card;
}

WarrantyCard arabic()
{
    WarrantyCard card = english();
    card.language = "ar";
    card.rightToLeft = true;
    card.title = "بطاقة الضمان";
    card.labName = "مختبر الأسنان";
    card.fields = {{"رقم الضمان", "W-TR-261201-1A4F"}, {"رقم الحالة", "TR-261201-1A4F"},
                   {"الترميم", "تاج زركونيا"},         {"الأسنان", "11, 21"},
                   {"العيادة", "عيادة اللؤلؤ"},        {"تاريخ الإصدار", "2026-12-01"},
                   {"تاريخ الانتهاء", "2031-12-01"}};
    card.checkCodeLabel = "رمز التحقق";
    card.scanLine = "امسح للتحقق";
    return card;
}

// pdfinfo's "Pages:" and "Page size:" lines.
struct PageInfo
{
    int pages = 0;
    double width = 0;
    double height = 0;
};

PageInfo pageInfo(const molar::test::TempDir& dir, const std::string& name, const std::string& bytes)
{
    const CommandOutput out = runCommand("pdfinfo " + writeTo(dir, name, bytes));
    CPPUNIT_ASSERT_EQUAL(0, out.status);
    PageInfo info;
    std::smatch match;
    CPPUNIT_ASSERT_MESSAGE(out.text, std::regex_search(out.text, match, std::regex(R"(Pages:\s+(\d+))")));
    info.pages = std::stoi(match[1]);
    CPPUNIT_ASSERT_MESSAGE(
        out.text, std::regex_search(out.text, match, std::regex(R"(Page size:\s+([\d.]+) x ([\d.]+) pts)")));
    info.width = std::stod(match[1]);
    info.height = std::stod(match[2]);
    return info;
}

// The first page at 300 dpi, its QR code read by zbar: the text, or empty when none is found.
std::string qrText(const molar::test::TempDir& dir, const std::string& name, const std::string& bytes)
{
    const std::string pdf = writeTo(dir, name + ".pdf", bytes);
    CPPUNIT_ASSERT_EQUAL(
        0, runCommand("pdftoppm -q -r 300 -png -f 1 -l 1 -singlefile " + pdf + " " + dir.file(name)).status);
    const CommandOutput out = runCommand("zbarimg --raw -q --nodbus " + dir.file(name + ".png"));
    if (out.status != 0)
        return {};
    std::string text = out.text;
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

// A word's box on the page as pdftotext -bbox gives it (points from the top left).
struct WordBox
{
    std::string word;
    double xMin = 0, yMin = 0, xMax = 0, yMax = 0;
};

std::vector<WordBox> wordBoxes(const molar::test::TempDir& dir, const std::string& name,
                               const std::string& bytes)
{
    const CommandOutput out = runCommand("pdftotext -q -bbox -enc UTF-8 " + writeTo(dir, name, bytes) + " -");
    CPPUNIT_ASSERT_EQUAL(0, out.status);
    const std::regex word(
        R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
    std::vector<WordBox> boxes;
    for (auto it = std::sregex_iterator(out.text.begin(), out.text.end(), word); it != std::sregex_iterator();
         ++it) {
        const std::smatch& match = *it;
        boxes.push_back(
            {match[5], std::stod(match[1]), std::stod(match[2]), std::stod(match[3]), std::stod(match[4])});
    }
    return boxes;
}

const WordBox* findWord(const std::vector<WordBox>& boxes, const std::string& word)
{
    for (const WordBox& box : boxes) {
        if (box.word == word)
            return &box;
    }
    return nullptr;
}

std::string render(const WarrantyCard& card, CardLayout layout)
{
    return renderWarrantyCardPdf(card, layout, regularFont, boldFont);
}

const char* layoutName(CardLayout layout)
{
    return layout == CardLayout::A4 ? "a4" : "wallet";
}

} // namespace

class CardPdfTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CardPdfTest);
    CPPUNIT_TEST(testPageSizes);
    CPPUNIT_TEST(testEnglishText);
    CPPUNIT_TEST(testArabicText);
    CPPUNIT_TEST(testQrCodeGivesBackTheVerifyUrl);
    CPPUNIT_TEST(testRightToLeftMirrorsTheLayout);
    CPPUNIT_TEST(testLongValuesStayOnThePage);
    CPPUNIT_TEST(testUrlTooLongForAQrCodeIsAnError);
    CPPUNIT_TEST(testMissingFontIsAnError);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPageSizes()
    {
        for (const WarrantyCard& card : {english(), arabic()}) {
            const PageInfo a4 = pageInfo(_dir, "a4.pdf", render(card, CardLayout::A4));
            CPPUNIT_ASSERT_EQUAL(1, a4.pages);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(a4Width, a4.width, 0.5);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(a4Height, a4.height, 0.5);
            const PageInfo wallet = pageInfo(_dir, "wallet.pdf", render(card, CardLayout::Wallet));
            CPPUNIT_ASSERT_EQUAL(1, wallet.pages);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(walletWidth, wallet.width, 0.5);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(walletHeight, wallet.height, 0.5);
        }
    }

    void testEnglishText()
    {
        for (const CardLayout layout : {CardLayout::A4, CardLayout::Wallet}) {
            const std::string bytes = render(english(), layout);
            CPPUNIT_ASSERT_EQUAL(std::string("%PDF-"), bytes.substr(0, 5));
            const std::string text = pdfText(_dir, std::string(layoutName(layout)) + "-en.pdf", bytes);
            for (const char* expected : {"Warranty card", "Molar Dental Lab W.L.L.", "W-TR-261201-1A4F",
                                         "TR-261201-1A4F", "Zirconia crown", "11, 21", "Pearl Dental",
                                         "1 Dec 2026", "1 Dec 2031", "ABCD-EFGH", "Scan to verify"})
                CPPUNIT_ASSERT_MESSAGE(std::string(layoutName(layout)) + ": " + expected + " in:\n" + text,
                                       text.find(expected) != std::string::npos);
        }
    }

    void testArabicText()
    {
        for (const CardLayout layout : {CardLayout::A4, CardLayout::Wallet}) {
            const std::string text =
                pdfText(_dir, std::string(layoutName(layout)) + "-ar.pdf", render(arabic(), layout));
            // Latin data on an Arabic card keeps its own order.
            for (const char* expected : {"W-TR-261201-1A4F", "ABCD-EFGH", "2031-12-01"})
                CPPUNIT_ASSERT_MESSAGE(std::string(layoutName(layout)) + ": " + expected + " in:\n" + text,
                                       text.find(expected) != std::string::npos);
            for (const char* word : {"بطاقة", "الضمان", "مختبر", "زركونيا", "العيادة", "التحقق"}) {
                CPPUNIT_ASSERT_MESSAGE(std::string(layoutName(layout)) + ": " + word + " in:\n" + text,
                                       text.find(asExtracted(word)) != std::string::npos);
                // Drawn shaped, not as the bare letters typed.
                CPPUNIT_ASSERT(text.find(word) == std::string::npos);
            }
        }
    }

    void testQrCodeGivesBackTheVerifyUrl()
    {
        for (const WarrantyCard& card : {english(), arabic()}) {
            for (const CardLayout layout : {CardLayout::A4, CardLayout::Wallet}) {
                const std::string name = std::string(layoutName(layout)) + "-" + card.language;
                CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(verifyUrl),
                                             qrText(_dir, name, render(card, layout)));
            }
        }
    }

    void testRightToLeftMirrorsTheLayout()
    {
        // On the wallet card the details sit at the start side and the QR code at the end:
        // the check code is in the left part of an English card, in the right part of an
        // Arabic one (the QR code takes the other third).
        const std::vector<WordBox> en =
            wordBoxes(_dir, "wallet-en.pdf", render(english(), CardLayout::Wallet));
        const std::vector<WordBox> ar =
            wordBoxes(_dir, "wallet-ar.pdf", render(arabic(), CardLayout::Wallet));
        const WordBox* enCode = findWord(en, "ABCD-EFGH");
        const WordBox* arCode = findWord(ar, "ABCD-EFGH");
        CPPUNIT_ASSERT(enCode != nullptr && arCode != nullptr);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(enCode->xMax), enCode->xMax < walletWidth * 2 / 3);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(arCode->xMin), arCode->xMin > walletWidth / 3);
        // The title starts at the left edge in English, ends at the right edge in Arabic.
        const WordBox* enTitle = findWord(en, "Warranty");
        CPPUNIT_ASSERT(enTitle != nullptr && enTitle->xMin < 15);
        double arRightmost = 0;
        for (const WordBox& box : ar)
            arRightmost = std::max(arRightmost, box.xMax);
        CPPUNIT_ASSERT(arRightmost > walletWidth - 15);
    }

    void testLongValuesStayOnThePage()
    {
        // Values far longer than a card, and more rows than the design's seven: every word
        // stays on the page, the code and the QR code are still there.
        for (WarrantyCard card : {english(), arabic()}) {
            card.labName =
                "Molar Dental Laboratory and Digital Design Centre W.L.L., Building 12, Salwa Road";
            card.fields[2].value =
                "Zirconia crown, layered, with a custom shade and a screw-retained implant "
                "abutment on a titanium base, plus a night guard";
            card.fields[3].value = "11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27";
            card.fields[4].value = "Pearl Dental Clinic and Orthodontic Centre, West Bay Branch, Tower 3";
            for (int i = 0; i < 12; ++i)
                card.fields.push_back({"Notes", "Replace at no cost within the term when the restoration "
                                                "fails, at the clinic that placed it"});
            for (const CardLayout layout : {CardLayout::A4, CardLayout::Wallet}) {
                const std::string name = std::string("long-") + layoutName(layout) + "-" + card.language;
                const std::string bytes = render(card, layout);
                CPPUNIT_ASSERT_EQUAL(1, pageInfo(_dir, name + ".pdf", bytes).pages);
                const double width = layout == CardLayout::A4 ? a4Width : walletWidth;
                const double height = layout == CardLayout::A4 ? a4Height : walletHeight;
                const std::vector<WordBox> boxes = wordBoxes(_dir, name + ".pdf", bytes);
                CPPUNIT_ASSERT(!boxes.empty());
                for (const WordBox& box : boxes) {
                    const std::string where = name + ": " + box.word + " at " + std::to_string(box.xMin) +
                                              "," + std::to_string(box.yMin) + " - " +
                                              std::to_string(box.xMax) + "," + std::to_string(box.yMax);
                    CPPUNIT_ASSERT_MESSAGE(where, box.xMin >= 2 && box.yMin >= 2);
                    CPPUNIT_ASSERT_MESSAGE(where, box.xMax <= width - 2 && box.yMax <= height - 2);
                }
                CPPUNIT_ASSERT(findWord(boxes, "ABCD-EFGH") != nullptr);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(verifyUrl), qrText(_dir, name, bytes));
            }
        }
    }

    void testUrlTooLongForAQrCodeIsAnError()
    {
        WarrantyCard card = english();
        card.verifyUrl = "https://lab.example/verify/" + std::string(4000, 'A');
        CPPUNIT_ASSERT_THROW(render(card, CardLayout::A4), WarrantyCardError);
    }

    void testMissingFontIsAnError()
    {
        CPPUNIT_ASSERT_THROW(
            renderWarrantyCardPdf(english(), CardLayout::A4, "/nonexistent/font.ttf", boldFont),
            WarrantyCardError);
    }

private:
    molar::test::TempDir _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CardPdfTest);
