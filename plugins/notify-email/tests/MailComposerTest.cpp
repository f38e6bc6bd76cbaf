// The MIME message built from an OutgoingMessage, read back as a client would.
#include "MailComposer.h"
#include "ParsedMail.h"

#include "Assertions.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::notifyemail;
using namespace molar::notifyemail::test;

namespace {

const std::string arabicSubject =
    "الحالة TR-260512-1A4F جاهزة للشحن، وستصل إلى العيادة صباح يوم الأحد القادم";

molar::sdk::OutgoingMessage sample()
{
    molar::sdk::OutgoingMessage m;
    m.id = "42";
    m.address = "dr.salem@clinic.example";
    m.recipientName = "د. سالم";
    m.language = "ar";
    m.subject = arabicSubject;
    m.text = "Your case is ready.\nTrack it: https://lab.example/track/TR-260512-1A4F";
    m.html = "<p>Your case is <strong>ready</strong>.</p>";
    m.settingsUrl = "https://lab.example/profile/notifications";
    return m;
}

ParsedMail composed(const EmailSettings& settings, const molar::sdk::OutgoingMessage& message)
{
    Poco::Net::MailMessage mail;
    MailComposer(settings).compose(message, mail);
    std::ostringstream out;
    mail.write(out);
    return parseMail(out.str());
}

} // namespace

class MailComposerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MailComposerTest);
    CPPUNIT_TEST(testTextThenHtml);
    CPPUNIT_TEST(testOnePartWhenOneBody);
    CPPUNIT_TEST(testHeaders);
    CPPUNIT_TEST(testEncodedWordsHoldWholeCharacters);
    CPPUNIT_TEST(testHeadersCannotBeInjected);
    CPPUNIT_TEST(testMessageIdIsStableAndDistinct);
    CPPUNIT_TEST(testMailboxes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTextThenHtml()
    {
        ParsedMail mail = composed(EmailSettings(), sample());
        MOLAR_ASSERT_CONTAINS("multipart/alternative", mail.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), mail.parts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=UTF-8"), mail.parts[0].contentType);
        CPPUNIT_ASSERT_EQUAL(sample().text, mail.parts[0].body);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=UTF-8"), mail.parts[1].contentType);
        CPPUNIT_ASSERT_EQUAL(sample().html, mail.parts[1].body);
    }

    void testOnePartWhenOneBody()
    {
        auto message = sample();
        message.html.clear();
        ParsedMail text = composed(EmailSettings(), message);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=UTF-8"), text.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), text.parts.size());
        CPPUNIT_ASSERT_EQUAL(message.text, text.parts[0].body);

        message = sample();
        message.text.clear();
        ParsedMail html = composed(EmailSettings(), message);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=UTF-8"), html.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(message.html, html.parts.at(0).body);
    }

    void testHeaders()
    {
        EmailSettings settings;
        settings.replyTo = {"Lab Front Desk", "desk@lab.example"};
        ParsedMail mail = composed(settings, sample());
        CPPUNIT_ASSERT_EQUAL(arabicSubject, decodeWords(mail.header("Subject")));
        CPPUNIT_ASSERT_EQUAL(std::string("د. سالم <dr.salem@clinic.example>"),
                             decodeWords(mail.header("To")));
        CPPUNIT_ASSERT_EQUAL(std::string("Molar Dental Lab <noreply@lab.example>"), mail.header("From"));
        CPPUNIT_ASSERT_EQUAL(std::string("Lab Front Desk <desk@lab.example>"), mail.header("Reply-To"));
        CPPUNIT_ASSERT_EQUAL(std::string("<molar.42@lab.example>"), mail.header("Message-ID"));
        CPPUNIT_ASSERT_EQUAL(std::string("auto-generated"), mail.header("Auto-Submitted"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), mail.header("Content-Language"));
        CPPUNIT_ASSERT_EQUAL(std::string("<https://lab.example/profile/notifications>"),
                             mail.header("List-Unsubscribe"));

        auto essential = sample();
        essential.settingsUrl.clear();
        ParsedMail reset = composed(EmailSettings(), essential);
        CPPUNIT_ASSERT(!reset.has("List-Unsubscribe"));
        CPPUNIT_ASSERT(!reset.has("Reply-To"));
    }

    void testEncodedWordsHoldWholeCharacters()
    {
        const std::string encoded = encodeHeaderText(arabicSubject);
        // Several words, one per folded line, each decoding to whole characters.
        std::size_t words = 0;
        for (std::size_t at = 0, end; at < encoded.size(); at = end + 3) {
            end = encoded.find("\r\n ", at);
            if (end == std::string::npos)
                end = encoded.size();
            const std::string word = encoded.substr(at, end - at);
            CPPUNIT_ASSERT_EQUAL(std::string("=?UTF-8?q?"), word.substr(0, 10));
            CPPUNIT_ASSERT_MESSAGE(word, word.size() <= 75);
            const std::string decoded = decodeWords(word);
            const auto lead = static_cast<unsigned char>(decoded[0]);
            CPPUNIT_ASSERT_MESSAGE(word, lead < 0x80 || lead >= 0xc0);
            ++words;
        }
        CPPUNIT_ASSERT(words > 1);
        CPPUNIT_ASSERT_EQUAL(arabicSubject, decodeWords(encoded));
        CPPUNIT_ASSERT_EQUAL(std::string("Case ready"), encodeHeaderText("Case ready"));
    }

    void testHeadersCannotBeInjected()
    {
        auto message = sample();
        message.subject = "Ready\r\nBcc: everyone@evil.example";
        message.recipientName = "Dr\r\nBcc: x@evil.example";
        message.settingsUrl = "https://lab.example/x>\r\nBcc: y@evil.example";
        message.language = "en\r\nBcc: z@evil.example";
        Poco::Net::MailMessage mail;
        MailComposer(EmailSettings()).compose(message, mail);
        std::ostringstream out;
        mail.write(out);
        MOLAR_ASSERT_NOT_CONTAINS("\r\nBcc:", out.str());
        ParsedMail parsed = parseMail(out.str());
        CPPUNIT_ASSERT_EQUAL(std::string("Ready  Bcc: everyone@evil.example"), parsed.header("Subject"));
        CPPUNIT_ASSERT(!parsed.has("List-Unsubscribe"));
        CPPUNIT_ASSERT(!parsed.has("Content-Language"));
    }

    void testMessageIdIsStableAndDistinct()
    {
        MailComposer composer{EmailSettings()};
        auto message = sample();
        CPPUNIT_ASSERT_EQUAL(composer.messageId(message), composer.messageId(message));
        message.id = "7f3a-01";
        CPPUNIT_ASSERT_EQUAL(std::string("<molar.7f3a-01@lab.example>"), composer.messageId(message));
        message.id = "a b";
        const std::string spaced = composer.messageId(message);
        message.id = "a=20b";
        CPPUNIT_ASSERT(spaced != composer.messageId(message));
        CPPUNIT_ASSERT_EQUAL(std::string("<molar.a=20b@lab.example>"), spaced);
    }

    void testMailboxes()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("dr@clinic.example"), formatMailbox({"", "dr@clinic.example"}));
        CPPUNIT_ASSERT_EQUAL(std::string("Dr Salem <dr@clinic.example>"),
                             formatMailbox({"Dr Salem", "dr@clinic.example"}));
        CPPUNIT_ASSERT_EQUAL(std::string("\"Salem, Dr \\\"Sam\\\"\" <dr@clinic.example>"),
                             formatMailbox({"Salem, Dr \"Sam\"", "dr@clinic.example"}));
        Mailbox parsed;
        CPPUNIT_ASSERT(parseMailbox("\"Molar Lab\" <noreply@lab.example>", parsed));
        CPPUNIT_ASSERT_EQUAL(std::string("Molar Lab"), parsed.name);
        CPPUNIT_ASSERT_EQUAL(std::string("noreply@lab.example"), parsed.address);
        CPPUNIT_ASSERT(!parseMailbox("Molar Lab <noreply@lab>", parsed));
        CPPUNIT_ASSERT(!parseMailbox("Molar Lab <noreply@lab.example> x", parsed));
        CPPUNIT_ASSERT(isEmailAddress("dr.salem+cases@clinic.example"));
        for (const char* bad : {"", "dr", "dr@", "@clinic.example", "dr@clinic", "dr@@clinic.example",
                                "dr salem@clinic.example", "dr@clinic.example\r\n", "<dr@clinic.example>",
                                "dr@.example", "dr@clinic.", "dr,x@clinic.example"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isEmailAddress(bad));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailComposerTest);
